import axios from 'axios';
import got from 'got';
import { Agent, Pool } from 'undici';

// The project's HTTP clients, imported by the other fixtures: creating a client is not a finding.

// axios instance with a timeout
export const billingApi = axios.create({ baseURL: 'https://billing.example.com', timeout: 2_000 });

// axios instance without a timeout
export const crmApi = axios.create({
  baseURL: 'https://crm.example.com',
  headers: { 'x-client': 'hotpath-fixtures' },
});

// axios instance bounded afterwards through its defaults
export const searchApi = axios.create({ baseURL: 'https://search.example.com' });
searchApi.defaults.timeout = 3_000;

// got instance with a timeout
export const inventoryGot = got.extend({ prefixUrl: 'https://inventory.example.com', timeout: { request: 3_000 } });

// got instance without a timeout
export const legacyGot = got.extend({ prefixUrl: 'https://legacy.example.com' });

// undici dispatchers with and without timeouts
export const boundedAgent = new Agent({ headersTimeout: 5_000, bodyTimeout: 10_000 });
export const plainAgent = new Agent({ connections: 16 });
export const warehousePool = new Pool('https://warehouse.example.com');
