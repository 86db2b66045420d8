import { shippingApi } from '../http';
import { findProductById, listRecentReviews } from '../repositories/product-repository';
import { applyPriceChanges, featuredCards, firstAvailableSubstitute, listingCards } from '../services/catalog-service';
import { notFound, ok, type Reply, type Request } from './http-types';

interface DeliveryEstimate {
  earliest: string;
  latest: string;
}

const FEATURED_PRODUCT_IDS = (process.env.FEATURED_PRODUCT_IDS ?? '').split(',').filter(Boolean).map(Number);

// GET /products/:id
export async function getProductPage(req: Request<{ id: string }>): Promise<Reply> {
  const id = Number(req.params.id);
  const product = await findProductById(id);
  const reviews = await listRecentReviews(id); // expect: sequential-await
  const { data: delivery } = await shippingApi.get<DeliveryEstimate>('/estimates', { params: { productId: id } });
  if (!product || !product.active) return notFound(`product ${id}`);
  return ok({ product, reviews, delivery });
}

// GET /products/:id/reviews
export async function getProductReviews(req: Request<{ id: string }>): Promise<Reply> {
  const product = await findProductById(Number(req.params.id));
  if (!product) return notFound(`product ${req.params.id}`);
  const reviews = await listRecentReviews(product.id, 50);
  return ok(reviews);
}

// GET /products?after=<id>
export async function getProductListing(req: Request): Promise<Reply> {
  const after = req.query.after === undefined ? undefined : Number(req.query.after);
  return ok(await listingCards(24, after));
}

// GET /home
export async function getHome(): Promise<Reply> {
  return ok({ featured: await featuredCards(FEATURED_PRODUCT_IDS) });
}

// GET /products/substitute?skus=a,b,c
export async function getSubstitute(req: Request): Promise<Reply> {
  const skus = (req.query.skus ?? '').split(',').filter(Boolean);
  const product = await firstAvailableSubstitute(skus);
  return product ? ok(product) : notFound('no substitute in stock');
}

// PUT /admin/prices
export async function putPrices(req: Request<Record<string, never>, { prices: Array<{ sku: string; priceCents: number }> }>): Promise<Reply> {
  return ok({ updated: await applyPriceChanges(req.body.prices) });
}
