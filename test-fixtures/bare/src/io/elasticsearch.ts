import { Client } from '@elastic/elasticsearch';

const client = new Client({ node: 'http://localhost:9200' });

export async function load(id: string) {
  await client.get({ index: 'products', id }); // io: Elasticsearch read
  await client.search({ index: 'products' }); // io: Elasticsearch read
  await client.index({ index: 'products', id, document: {} }); // io: Elasticsearch write
  await client.bulk({ operations: [] }); // io: Elasticsearch write
}
