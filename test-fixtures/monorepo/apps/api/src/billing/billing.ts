import { Injectable } from '@/nest';
import { PrismaService } from '@/prisma.service';

/** Billing is injected by its interface; the project has exactly one implementation. */
export interface InvoiceStore {
  invoiceFor(orderId: string): Promise<unknown>;
}

@Injectable()
export class PrismaInvoiceStore implements InvoiceStore {
  constructor(private readonly prisma: PrismaService) {}

  invoiceFor(orderId: string) {
    return this.prisma.invoice.findFirst({ where: { orderId } });
  }
}

@Injectable()
export class BillingService {
  constructor(private readonly invoices: InvoiceStore) {}

  // Through the interface, still one query per order.
  async invoicesFor(orderIds: string[]) {
    const result = [];
    for (const orderId of orderIds) {
      result.push(await this.invoices.invoiceFor(orderId)); // expect: n-plus-one
    }
    return result;
  }
}
