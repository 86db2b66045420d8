import { prisma } from '../db';
import type { Customer } from '../generated/prisma/client';

export class CustomerRepository {
  async findById(id: string): Promise<Customer | null> {
    return prisma.customer.findUnique({ where: { id } });
  }

  async findByEmail(email: string): Promise<Customer | null> {
    return prisma.customer.findUnique({ where: { email: email.toLowerCase() } });
  }

  /** One query for a whole batch of ids; callers index the result themselves. */
  async findByIds(ids: readonly string[]): Promise<Customer[]> {
    if (ids.length === 0) return [];
    return prisma.customer.findMany({ where: { id: { in: [...new Set(ids)] } } });
  }

  async countSignupsSince(since: Date): Promise<number> {
    return prisma.customer.count({ where: { createdAt: { gte: since } } });
  }
}

export const customerRepository = new CustomerRepository();
