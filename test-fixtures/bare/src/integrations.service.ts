import { Inject, Injectable } from '@nestjs/common';
import { CACHE_MANAGER, Cache } from '@nestjs/cache-manager';
import { HttpService } from '@nestjs/axios';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Client } from '@elastic/elasticsearch';
import { firstValueFrom } from 'rxjs';

const s3 = new S3Client({});
const search = new Client({ node: 'http://localhost:9200' });

/** The newer libraries of the I/O table, without their typings: found from their imports. */
@Injectable()
export class IntegrationsService {
  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    private readonly http: HttpService,
  ) {}

  async prices(skus: string[]) {
    const prices = [];
    for (const sku of skus) prices.push(await this.cache.get(`price:${sku}`)); // expect: n-plus-one
    return prices;
  }

  async pricesBatched(skus: string[]) {
    return this.cache.mget(skus.map((sku) => `price:${sku}`));
  }

  async rates(currencies: string[]) {
    const rates = [];
    for (const currency of currencies) rates.push(await firstValueFrom(this.http.get(`https://rates.example.com/${currency}`))); // expect: n-plus-one
    return rates;
  }

  async files(keys: string[]) {
    const files = [];
    for (const key of keys) files.push(await s3.send(new GetObjectCommand({ Bucket: 'files', Key: key }))); // expect: n-plus-one
    return files;
  }

  async reindex(items: { id: string }[]) {
    await search.bulk({ operations: items.flatMap((item) => [{ index: { _index: 'products', _id: item.id } }, item]) });
  }
}
