import https from 'node:https';
import { request } from 'http';

export function load(url: string) {
  https.get(url, { timeout: 1000 }, () => undefined); // io: node:http read
  request(url, { method: 'POST', timeout: 1000 }).end(); // io: node:http write
}
