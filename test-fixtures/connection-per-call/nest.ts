import { Controller, Get, Injectable, Module } from '@nestjs/common';
import Redis from 'ioredis';
import mysql from 'mysql2/promise';

@Injectable()
export class CacheService {
  private readonly redis: Redis;

  // A service's constructor runs once: the container makes one instance.
  constructor() {
    this.redis = new Redis({ commandTimeout: 1_000 });
  }

  read(key: string): Promise<string | null> {
    return this.redis.get(key);
  }
}

@Controller('stats')
export class StatsController {
  constructor(private readonly cache: CacheService) {}

  @Get()
  async stats(): Promise<unknown> {
    const redis = new Redis(); // expect: connection-per-call
    const hits = await redis.get('hits');
    redis.disconnect();
    return { hits, cached: await this.cache.read('stats') };
  }
}

// A provider's factory runs once, when the module starts.
@Module({
  providers: [CacheService, { provide: 'DATABASE', useFactory: () => mysql.createPool({ host: 'db' }) }],
  controllers: [StatsController],
})
export class StatsModule {}
