import { test } from 'node:test';
import { exchangeRate } from '../shared/rates';

// A test: not analysed unless --include-tests (or "tests": true) asks for it.
test('rates', async () => {
  await fetch('https://rates.example.com/EUR');
  await exchangeRate('EUR');
});
