import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RequestContext } from './request-context';
import type { TransactionalConnection } from './transactional-connection';

@Entity('zones')
class Zone {
  @PrimaryGeneratedColumn() id!: number;
  @Column() name!: string;
}

@Entity('countries')
class Country {
  @PrimaryGeneratedColumn() id!: number;
  @Column() code!: string;
}

export class ZoneService {
  constructor(private readonly connection: TransactionalConnection) {}

  // both reads run in the transaction the context carries, on its one connection: silent
  async addMember(ctx: RequestContext, zoneId: number, countryId: number) {
    const zone = await this.connection.getRepository(ctx, Zone).findOneBy({ id: zoneId });
    const country = await this.connection.getRepository(ctx, Country).findOneBy({ id: countryId });
    return { zone, country };
  }

  // project helpers handed the same context read through it: silent
  async overview(ctx: RequestContext, zoneId: number) {
    const zone = await this.findZone(ctx, zoneId);
    const countries = await this.listCountries(ctx);
    return { zone, countries };
  }

  // no context: the pool's repositories, two connections can serve them together: flagged
  async publicOverview(zoneId: number) {
    const zone = await this.connection.getRepository(Zone).findOneBy({ id: zoneId });
    const countries = await this.connection.getRepository(Country).find({ take: 50 }); // expect: sequential-await
    return { zone, countries };
  }

  private findZone(ctx: RequestContext, id: number) {
    return this.connection.getRepository(ctx, Zone).findOneBy({ id });
  }

  private listCountries(ctx: RequestContext) {
    return this.connection.getRepository(ctx, Country).find({ take: 50 });
  }
}
