import { pool } from '../db';

export interface ProductSales {
  productId: number;
  units: number;
  revenueCents: number;
}

export interface SalesDay {
  day: string;
  units: number;
}

/** Best sellers since a day: the primary key (day, product_id) starts with `day`. */
export async function bestSellersSince(since: Date, limit = 10): Promise<ProductSales[]> {
  const { rows } = await pool.query<ProductSales>(
    `SELECT product_id AS "productId", sum(units)::int AS units, sum(revenue_cents)::int AS "revenueCents"
       FROM daily_sales
      WHERE day >= $1
      GROUP BY product_id
      ORDER BY units DESC
      LIMIT $2`,
    [since, limit],
  );
  return rows;
}

/** One product's sales history: `product_id` is only the second column of the primary key. */
export async function salesHistory(productId: number): Promise<SalesDay[]> {
  const { rows } = await pool.query<SalesDay>(
    `SELECT day::text AS day, units
       FROM daily_sales
      WHERE product_id = $1 -- expect: unindexed-sql
      ORDER BY day`,
    [productId],
  );
  return rows;
}
