import { fetch as undiciFetch, request } from 'undici';
import { boundedAgent, plainAgent, warehousePool } from './clients';

// undici waits 300 s for the headers and 300 s between body chunks by default.

// request with no options: flagged (the fix adds `{ signal }`)
export async function loadManifest(): Promise<unknown> {
  const { body } = await request('https://cdn.example.com/manifest.json'); // expect: missing-timeout
  return body.json();
}

// request through a dispatcher without timeouts: flagged (the fix adds a signal next to it)
export async function loadAssets(): Promise<unknown> {
  const { body } = await request('https://cdn.example.com/assets.json', { dispatcher: plainAgent }); // expect: missing-timeout
  return body.json();
}

// a pool created without timeouts: flagged at the call (no fix: its options take no signal)
export async function loadShelf(shelf: string): Promise<unknown> {
  const { body } = await warehousePool.request({ path: `/shelves/${shelf}`, method: 'GET' }); // expect: missing-timeout
  return body.json();
}

// undici's fetch without a signal: flagged
export async function loadBanner(): Promise<string> {
  const response = await undiciFetch('https://cms.example.com/banner'); // expect: missing-timeout
  return response.text();
}

// request with headersTimeout and bodyTimeout: silent
export async function loadSitemap(): Promise<string> {
  const { body } = await request('https://www.example.com/sitemap.xml', { headersTimeout: 2_000, bodyTimeout: 5_000 });
  return body.text();
}

// request through a dispatcher configured with timeouts: silent
export async function loadRobots(): Promise<string> {
  const { body } = await request('https://www.example.com/robots.txt', { dispatcher: boundedAgent });
  return body.text();
}

// a call on an agent configured with timeouts: silent
export async function loadFavicon(): Promise<unknown> {
  const { body } = await boundedAgent.request({ origin: 'https://www.example.com', path: '/favicon.ico', method: 'GET' });
  return body.arrayBuffer();
}
