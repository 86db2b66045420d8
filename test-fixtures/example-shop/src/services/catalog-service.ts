import { prisma } from '../db';
import type { Product } from '../generated/prisma/client';
import { findProductBySku, findProductsByIds, listActiveProducts } from '../repositories/product-repository';

export interface ProductCard {
  id: number;
  sku: string;
  name: string;
  priceCents: number;
  inStock: boolean;
  averageRating: number | null;
  reviewCount: number;
}

function toCard(product: Product, averageRating: number | null, reviewCount: number): ProductCard {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    priceCents: product.priceCents,
    inStock: product.stock > 0,
    averageRating: averageRating === null ? null : Math.round(averageRating * 10) / 10,
    reviewCount,
  };
}

/** Hand-picked products for the home page, each with its rating summary. */
export async function featuredCards(productIds: number[]): Promise<ProductCard[]> {
  const products = await findProductsByIds(productIds);
  const cards: ProductCard[] = [];
  for (const product of products) {
    const stats = await prisma.review.aggregate({ where: { productId: product.id }, _avg: { rating: true }, _count: true }); // expect: n-plus-one
    cards.push(toCard(product, stats._avg.rating, stats._count));
  }
  return cards;
}

/** One page of the catalogue; rating summaries come from a single grouped query. */
export async function listingCards(take: number, afterId?: number): Promise<ProductCard[]> {
  const products = await listActiveProducts(take, afterId);
  const stats = await prisma.review.groupBy({
    by: ['productId'],
    where: { productId: { in: products.map((product) => product.id) } },
    _avg: { rating: true },
    _count: true,
  });
  const byProduct = new Map(stats.map((row) => [row.productId, row]));
  return products.map((product) => {
    const row = byProduct.get(product.id);
    return toCard(product, row?._avg.rating ?? null, row?._count ?? 0);
  });
}

/** Streams the whole active catalogue to `write`, page by page, for the nightly feed export. */
export async function exportCatalog(write: (page: Product[]) => void): Promise<number> {
  let exported = 0;
  let afterId: number | undefined;
  for (;;) {
    const page = await listActiveProducts(500, afterId);
    if (page.length === 0) return exported;
    write(page);
    exported += page.length;
    afterId = page[page.length - 1].id;
  }
}

/** The first of the suggested substitutes that can actually be shipped. */
export async function firstAvailableSubstitute(skus: readonly string[]): Promise<Product | null> {
  for (const sku of skus) {
    const product = await findProductBySku(sku);
    if (product?.active && product.stock > 0) return product;
  }
  return null;
}

/** Applies a price list atomically: either every price changes or none does. */
export async function applyPriceChanges(changes: Array<{ sku: string; priceCents: number }>): Promise<number> {
  const updated = await prisma.$transaction(changes.map((change) => prisma.product.update({ where: { sku: change.sku }, data: { priceCents: change.priceCents } })));
  return updated.length;
}
