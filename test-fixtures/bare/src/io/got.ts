import got from 'got';

export async function load(url: string) {
  await got.get(url, { timeout: { request: 1000 } }); // io: got read
  await got(url, { method: 'POST', timeout: { request: 1000 } }); // io: got write
}
