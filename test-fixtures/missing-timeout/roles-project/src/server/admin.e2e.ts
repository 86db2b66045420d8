import { test } from 'node:test';
import { AdminClient } from './clients';

// An end-to-end test (it imports a test runner), driving the API through a client written for it.
test('lists users', async () => {
  await new AdminClient('http://localhost:3000').users();
});
