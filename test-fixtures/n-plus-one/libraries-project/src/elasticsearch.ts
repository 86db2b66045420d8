import { Client } from '@elastic/elasticsearch';

const search = new Client({ node: 'http://localhost:9200' });

interface Product {
  id: string;
  name: string;
}

// A GET per id: flagged
export async function products(ids: string[]): Promise<unknown[]> {
  const found: unknown[] = [];
  for (const id of ids) found.push((await search.get<Product>({ index: 'products', id }))._source); // expect: n-plus-one
  return found;
}

// One mget: not flagged
export async function productsBatched(ids: string[]): Promise<unknown> {
  return search.mget<Product>({ index: 'products', ids });
}

// An index request per product: flagged
export async function reindex(items: Product[]): Promise<void> {
  for (const item of items) await search.index({ index: 'products', id: item.id, document: item }); // expect: n-plus-one
}

// One bulk request: not flagged
export async function reindexBatched(items: Product[]): Promise<void> {
  await search.bulk({ operations: items.flatMap((item) => [{ index: { _index: 'products', _id: item.id } }, item]) });
}

// One search outside any loop: not flagged
export async function find(text: string): Promise<unknown> {
  return search.search<Product>({ index: 'products', query: { match: { name: text } } });
}
