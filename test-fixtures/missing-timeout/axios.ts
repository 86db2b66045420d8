import axios, { type AxiosInstance } from 'axios';
import { billingApi, crmApi, searchApi } from './clients';
import * as clients from './clients';
import shipping from './default-client';
import { billing, crm } from './reexports';

// axios has no timeout by default: a request waits as long as the server keeps it open.

// the default instance with no config: flagged (the fix adds `{ timeout }`)
export async function loadRates(): Promise<unknown> {
  const { data } = await axios.get('https://rates.example.com/latest'); // expect: missing-timeout
  return data;
}

// the default instance with a config without timeout: flagged (the fix merges into it)
export async function submitOrder(order: { id: string }): Promise<void> {
  await axios.post('https://orders.example.com/submit', order, { headers: { 'idempotency-key': order.id } }); // expect: missing-timeout
}

// calling axios with a request config: flagged (the fix merges into it)
export async function cancelOrder(id: string): Promise<void> {
  await axios({ url: `https://orders.example.com/${id}`, method: 'DELETE' }); // expect: missing-timeout
}

// an instance created in another file without timeout: flagged at the call (the fix goes on its axios.create)
export async function loadContact(id: string): Promise<unknown> {
  const { data } = await crmApi.get(`/contacts/${id}`); // expect: missing-timeout
  return data;
}

// the same instance through a namespace import: flagged
export async function updateContact(id: string, name: string): Promise<void> {
  await clients.crmApi.patch(`/contacts/${id}`, { name }); // expect: missing-timeout
}

// the same instance re-exported under another name: flagged
export async function deleteContact(id: string): Promise<void> {
  await crm.delete(`/contacts/${id}`); // expect: missing-timeout
}

// an instance that is another module's default export, created without timeout: flagged
export async function loadShipment(id: string): Promise<unknown> {
  const { data } = await shipping.get(`/shipments/${id}`); // expect: missing-timeout
  return data;
}

// an instance created with a timeout in another file: silent
export async function loadInvoice(id: string): Promise<unknown> {
  const { data } = await billingApi.get(`/invoices/${id}`);
  return data;
}

// that instance re-exported under another name: silent
export async function voidInvoice(id: string): Promise<void> {
  await billing.post(`/invoices/${id}/void`);
}

// an instance bounded by `searchApi.defaults.timeout = …` in its module: silent
export async function search(query: string): Promise<unknown> {
  const { data } = await searchApi.get('/search', { params: { q: query } });
  return data;
}

// the default instance with a timeout in the request config: silent
export async function loadHolidays(): Promise<unknown> {
  const { data } = await axios.get('https://calendar.example.com/holidays', { timeout: 2_000 });
  return data;
}

// the default instance with a timer signal: silent
export async function loadWeather(): Promise<unknown> {
  const { data } = await axios.get('https://weather.example.com/now', { signal: AbortSignal.timeout(2_000) });
  return data;
}

// an instance handed in by the caller: silent (its config is not visible here)
export async function ping(api: AxiosInstance): Promise<void> {
  await api.get('/health');
}

// a class property instance created without timeout: flagged (the fix goes on its axios.create)
export class PartnerClient {
  private readonly http = axios.create({ baseURL: 'https://partner.example.com' });

  async status(): Promise<unknown> {
    const { data } = await this.http.get('/status'); // expect: missing-timeout
    return data;
  }
}
