import { prisma } from '../db';
import type { Product, Review } from '../generated/prisma/client';

export async function findProductById(id: number): Promise<Product | null> {
  return prisma.product.findUnique({ where: { id } });
}

export async function findProductBySku(sku: string): Promise<Product | null> {
  return prisma.product.findUnique({ where: { sku } });
}

export async function findProductsByIds(ids: readonly number[]): Promise<Product[]> {
  if (ids.length === 0) return [];
  return prisma.product.findMany({ where: { id: { in: [...new Set(ids)] } } });
}

/** One page of active products, keyset-paginated on id. */
export async function listActiveProducts(take: number, afterId?: number): Promise<Product[]> {
  return prisma.product.findMany({
    where: { active: true },
    orderBy: { id: 'asc' },
    take,
    ...(afterId === undefined ? {} : { cursor: { id: afterId }, skip: 1 }),
  });
}

export async function listRecentReviews(productId: number, take = 10): Promise<Review[]> {
  return prisma.review.findMany({ where: { productId }, orderBy: { createdAt: 'desc' }, take });
}
