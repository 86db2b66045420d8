import { createServer } from 'node:http';
import { exchangeRate } from '../shared/rates';
import { preprocess } from './html';

// Server code (it imports node:http): every rule applies.
export const server = createServer(async (request, response) => {
  const upstream = await fetch('https://inventory.example.com/stock'); // expect: missing-timeout
  response.end(JSON.stringify({ stock: await upstream.json(), rate: await exchangeRate('EUR'), html: preprocess(request.url ?? '') }));
});
