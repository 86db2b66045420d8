import { request } from 'undici';

export async function load(url: string) {
  await request(url, { signal: AbortSignal.timeout(1000) }); // io: undici read
}
