import got from 'got';
import { inventoryGot, legacyGot } from './clients';

// got has no timeout by default.

// got with no options: flagged (the fix adds `{ timeout: { request } }`)
export async function loadFeatureFlags(): Promise<unknown> {
  return got('https://flags.example.com/all').json(); // expect: missing-timeout
}

// got.post with options without timeout: flagged (the fix merges into them)
export async function sendInvoice(invoice: { id: string }): Promise<void> {
  await got.post('https://mail.example.com/invoices', { json: invoice }); // expect: missing-timeout
}

// an extended instance without timeout: flagged (the fix goes on its got.extend)
export async function loadLegacyOrder(id: string): Promise<unknown> {
  return legacyGot.get(`orders/${id}`).json(); // expect: missing-timeout
}

// got with a timeout: silent
export async function loadCurrencies(): Promise<unknown> {
  return got('https://fx.example.com/currencies', { timeout: { request: 2_000 } }).json();
}

// an extended instance with a timeout: silent
export async function loadStockLevel(sku: string): Promise<unknown> {
  return inventoryGot.get(`stock/${sku}`).json();
}
