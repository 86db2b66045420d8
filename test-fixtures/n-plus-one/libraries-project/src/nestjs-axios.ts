import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { firstValueFrom, lastValueFrom, map } from 'rxjs';

interface Rate {
  currency: string;
  rate: number;
}

@Injectable()
export class RatesClient {
  constructor(private readonly http: HttpService) {}

  // A request per currency, each awaited through firstValueFrom: flagged
  async ratesOf(currencies: string[]): Promise<Rate[]> {
    const rates: Rate[] = [];
    for (const currency of currencies) {
      const response = await firstValueFrom(this.http.get<Rate>(`https://rates.example.com/${currency}`)); // expect: n-plus-one
      rates.push(response.data);
    }
    return rates;
  }

  // Every request at once, nothing bounding them: unbounded-concurrency's finding (a request cannot be batched)
  async ratesAtOnce(currencies: string[]): Promise<Rate[]> {
    const responses = await Promise.all(currencies.map((currency) => firstValueFrom(this.http.get<Rate>(`https://rates.example.com/${currency}`)))); // expect: unbounded-concurrency
    return responses.map((response) => response.data);
  }

  // Two independent requests awaited one after the other (through a pipe): flagged
  async pair(): Promise<[Rate, Rate]> {
    const euro = await lastValueFrom(this.http.get<Rate>('https://rates.example.com/EUR').pipe(map((response) => response.data)));
    const pound = await lastValueFrom(this.http.get<Rate>('https://rates.example.com/GBP').pipe(map((response) => response.data))); // expect: sequential-await
    return [euro, pound];
  }

  // The second request needs the first's answer: not flagged
  async chained(): Promise<Rate> {
    const base = await firstValueFrom(this.http.get<Rate>('https://rates.example.com/base'));
    const rate = await firstValueFrom(this.http.get<Rate>(`https://rates.example.com/${base.data.currency}`));
    return rate.data;
  }

  // One request for all of them: not flagged
  async ratesBatched(currencies: string[]): Promise<Rate[]> {
    const response = await firstValueFrom(this.http.get<Rate[]>('https://rates.example.com/', { params: { currencies: currencies.join(',') } }));
    return response.data;
  }
}
