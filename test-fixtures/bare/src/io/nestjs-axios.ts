import { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';

export class Rates {
  constructor(private readonly http: HttpService) {}

  async load(url: string) {
    await firstValueFrom(this.http.get(url)); // io: @nestjs/axios read
    await firstValueFrom(this.http.post(url, {})); // io: @nestjs/axios write
  }
}
