import { Injectable } from '@nestjs/common';
import type { AxiosInstance } from 'axios';

/** An HTTP client injected through the constructor, typed with the library's instance type. */
@Injectable()
export class PricesClient {
  constructor(private readonly http: AxiosInstance) {}

  // One request per id.
  async prices(ids: string[]) {
    const prices = [];
    for (const id of ids) prices.push(await this.http.get(`/prices/${id}`, { timeout: 1000 })); // expect: n-plus-one
    return prices;
  }
}
