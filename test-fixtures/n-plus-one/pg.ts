import { Pool, type PoolClient } from 'pg';
import { setTimeout } from 'node:timers/promises';

interface LineItem {
  id: number;
  orderId: number;
  sku: string;
  quantity: number;
}

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

// pool.query per order id: flagged
export async function lineItemsPerOrder(orderIds: number[]): Promise<LineItem[][]> {
  const result: LineItem[][] = [];
  for (const orderId of orderIds) {
    const { rows } = await pool.query<LineItem>('SELECT id, order_id AS "orderId", sku, quantity FROM line_items WHERE order_id = $1', [orderId]); // expect: n-plus-one
    result.push(rows);
  }
  return result;
}

// query on a checked-out client per line item: flagged
export async function restock(client: PoolClient, items: LineItem[]): Promise<void> {
  for (const item of items) {
    const { sku, quantity } = item;
    await client.query('UPDATE inventory SET on_hand = on_hand + $2 WHERE sku = $1', [sku, quantity]); // expect: n-plus-one
  }
}

// pool.query per sku inside Promise.all(map), multi-line call marked on its first line: flagged
export async function pricesFor(skus: string[]): Promise<number[]> {
  return Promise.all(
    skus.map(async (sku) => {
      const { rows } = await pool.query<{ price: number }>( // expect: n-plus-one
        'SELECT price FROM catalog WHERE sku = $1',
        [sku],
      );
      return rows[0]?.price ?? 0;
    }),
  );
}

// while loop walking the array by index: flagged
export async function deleteLineItems(items: LineItem[]): Promise<void> {
  let index = 0;
  while (index < items.length) {
    await pool.query('DELETE FROM line_items WHERE id = $1', [items[index].id]); // expect: n-plus-one
    index++;
  }
}

// one query with ANY($1), then a Map lookup per item: silent
export async function stockLevels(items: LineItem[]): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ sku: string; on_hand: number }>('SELECT sku, on_hand FROM inventory WHERE sku = ANY($1)', [items.map((item) => item.sku)]);
  const onHand = new Map(rows.map((row) => [row.sku, row.on_hand]));
  return new Map(items.map((item) => [item.sku, (onHand.get(item.sku) ?? 0) - item.quantity]));
}

// keyset pagination: each query needs the previous page's last id: silent
export async function archiveOldLineItems(before: Date): Promise<number> {
  let lastId = 0;
  let archived = 0;
  while (true) {
    const { rows } = await pool.query<{ id: number }>('SELECT id FROM line_items WHERE created_at < $1 AND id > $2 ORDER BY id LIMIT 1000', [before, lastId]);
    if (rows.length === 0) break;
    archived += rows.length;
    lastId = rows[rows.length - 1].id;
  }
  return archived;
}

// retry on connection errors with a backoff sleep, exiting on success: silent
export async function orderTotalWithRetry(orderId: number): Promise<number> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      const { rows } = await pool.query<{ total: number }>('SELECT total FROM orders WHERE id = $1', [orderId]);
      return rows[0]?.total ?? 0;
    } catch (error) {
      if (attempt === 5) throw error;
      await setTimeout(100 * 2 ** attempt);
    }
  }
  throw new Error('unreachable');
}

// query that does not depend on the loop element: silent
export async function withTaxRate(items: LineItem[]): Promise<Array<LineItem & { taxRate: number }>> {
  const enriched: Array<LineItem & { taxRate: number }> = [];
  for (const item of items) {
    const { rows } = await pool.query<{ rate: number }>('SELECT rate FROM tax_rates WHERE region = $1', ['EU']);
    enriched.push({ ...item, taxRate: rows[0]?.rate ?? 0 });
  }
  return enriched;
}

// rate-limited backfill with a deliberate setTimeout from node:timers/promises: silent
export async function backfillSearchIndex(items: LineItem[]): Promise<void> {
  for (const item of items) {
    await pool.query('UPDATE line_items SET search_vector = to_tsvector($2) WHERE id = $1', [item.id, item.sku]);
    await setTimeout(50);
  }
}

// each element is a statement of its own (a migration's steps): no batched form, silent
export async function migrate(client: PoolClient, steps: ReadonlyArray<{ name: string; sql: string }>): Promise<void> {
  for (const step of steps) {
    await client.query(step.sql);
  }
  for (const statement of steps.map((item) => item.sql)) {
    await client.query(statement);
  }
}

// the same query built around each id, inline or in a variable first: flagged
export async function quantitiesBySku(skus: readonly string[]): Promise<number[]> {
  const quantities: number[] = [];
  for (const sku of skus) {
    const { rows } = await pool.query<{ quantity: number }>(`SELECT quantity FROM inventory WHERE sku = '${sku}'`); // expect: n-plus-one
    quantities.push(rows[0]?.quantity ?? 0);
  }
  for (const sku of skus) {
    const text = `SELECT quantity FROM inventory WHERE sku = '${sku}'`;
    const { rows } = await pool.query<{ quantity: number }>(text); // expect: n-plus-one
    quantities.push(rows[0]?.quantity ?? 0);
  }
  return quantities;
}
