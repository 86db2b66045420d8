import Redis from 'ioredis';

/** The project's client class, extending ioredis's, handed out by a static getter. */
export default class RedisAdapter extends Redis {
  private static client: RedisAdapter | undefined;

  static get defaultClient(): RedisAdapter {
    return (this.client ??= new RedisAdapter({ commandTimeout: 1000 }));
  }
}

// The getter's declared type: an ioredis client, one command per key.
export async function removeAll(keys: string[]) {
  await Promise.all(keys.map((key) => RedisAdapter.defaultClient.del(key))); // expect: n-plus-one
}
