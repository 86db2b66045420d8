import { Inject, Injectable } from '@nestjs/common';
import { CACHE_MANAGER, Cache } from '@nestjs/cache-manager';
import { createCache } from 'cache-manager';

const local = createCache();

@Injectable()
export class Prices {
  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}

  async load(key: string) {
    await this.cache.get(key); // io: cache-manager read
    await this.cache.mget([key]); // io: cache-manager read
    await this.cache.store.mget(key); // io: cache-manager read
    await this.cache.set(key, 1); // io: cache-manager write
    await local.del(key); // io: cache-manager write
  }
}
