import { Inject, Injectable } from '@nestjs/common';
import { CACHE_MANAGER, type Cache } from '@nestjs/cache-manager';
import { createCache } from 'cache-manager';

interface Price {
  sku: string;
  cents: number;
}

@Injectable()
export class PriceCache {
  constructor(@Inject(CACHE_MANAGER) private readonly cache: Cache) {}

  // One cache GET per SKU: flagged
  async pricesOf(skus: string[]): Promise<Array<Price | undefined>> {
    const prices: Array<Price | undefined> = [];
    for (const sku of skus) prices.push(await this.cache.get<Price>(`price:${sku}`)); // expect: n-plus-one
    return prices;
  }

  // One multi-key GET: not flagged
  async pricesBatched(skus: string[]): Promise<Array<Price | undefined>> {
    return this.cache.mget<Price>(skus.map((sku) => `price:${sku}`));
  }

  // One call outside any loop: not flagged
  async priceOf(sku: string): Promise<Price | undefined> {
    return this.cache.get<Price>(`price:${sku}`);
  }

  // Two independent reads, one after the other
  async pair(left: string, right: string): Promise<[Price | undefined, Price | undefined]> {
    const first = await this.cache.get<Price>(left);
    const second = await this.cache.get<Price>(right); // expect: sequential-await
    return [first, second];
  }
}

const sessions = createCache();

// A cache-manager client made here: one DEL per session, flagged
export async function forget(ids: string[]): Promise<void> {
  for (const id of ids) await sessions.del(`session:${id}`); // expect: n-plus-one
}

// Its multi-key form: not flagged
export async function forgetBatched(ids: string[]): Promise<void> {
  await sessions.mdel(ids.map((id) => `session:${id}`));
}
