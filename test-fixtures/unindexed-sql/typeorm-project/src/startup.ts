import { Injectable, type OnModuleInit } from '@nestjs/common';
import { dataSource } from './queries';
import { Customer } from './entities/Customer';

const customers = dataSource.getRepository(Customer);

// A scan that runs once, at start-up, costs boot time, not requests.
@Injectable()
export class DefaultCustomerCheck implements OnModuleInit {
  // A NestJS lifecycle hook: silent.
  async onModuleInit(): Promise<void> {
    await this.ensureDefaultCity('Lisbon');
    await this.countIn('Lisbon');
  }

  // Only the lifecycle hook calls it: silent.
  private async ensureDefaultCity(city: string): Promise<void> {
    const found = await customers.findOne({ where: { city } });
    if (!found) throw new Error(`no customer in ${city}`);
  }

  // The hook calls it, and so does a request handler: flagged.
  async countIn(city: string): Promise<number> {
    return customers.count({ where: { city } }); // expect: unindexed-sql
  }
}

export async function handleCount(check: DefaultCustomerCheck, city: string): Promise<number> {
  return check.countIn(city);
}

// Called only from module-level code (a `main.ts` bootstrap): silent.
async function bootstrap(city: string): Promise<void> {
  await customers.find({ where: { city } });
}

void bootstrap(process.argv[2] ?? 'Lisbon');
