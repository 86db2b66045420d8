import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectEntityManager, InjectRepository } from '@nestjs/typeorm';
import { BaseEntity, DataSource, Entity, EntityManager, Repository } from 'typeorm';

@Entity()
export class Order extends BaseEntity {
  id!: string;
  customerId!: string;
}

/** The project's own connection wrapper, declared to hand out TypeORM repositories. */
@Injectable()
export class Connection {
  constructor(private readonly dataSource: DataSource) {}

  getRepository<T extends object>(target: new () => T): Repository<T>;
  getRepository<T extends object>(context: object, target: new () => T): Repository<T>;
  getRepository<T extends object>(contextOrTarget: object, target?: new () => T): Repository<T> {
    return this.dataSource.getRepository(target ?? (contextOrTarget as new () => T));
  }
}

@Injectable()
export class OrdersService {
  constructor(
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    @InjectEntityManager() private readonly manager: EntityManager,
    private readonly connection: Connection,
  ) {}

  // Injected repository, once per id.
  async byIds(ids: string[]) {
    const found = [];
    for (const id of ids) found.push(await this.orders.findOneBy({ id })); // expect: n-plus-one
    return found;
  }

  // A repository from the project's wrapper (every overload declares one).
  async byCustomers(customerIds: string[]) {
    return Promise.all(customerIds.map((customerId) => this.connection.getRepository({}, Order).findBy({ customerId }))); // expect: n-plus-one
  }

  // An entity's static finder, and the entity manager.
  async totals(ids: string[]) {
    for (const id of ids) {
      await Order.findOneBy({ id }); // expect: n-plus-one
    }
    for (const id of ids) {
      await this.manager.findOne(Order, { where: { id } }); // expect: n-plus-one
    }
  }

  // A query builder: `where(…)` gives the builder back, `getOne()` reads.
  async latest(customerIds: string[]) {
    for (const customerId of customerIds) {
      await this.orders.createQueryBuilder('o').where('o.customerId = :customerId', { customerId }).getOne(); // expect: n-plus-one
    }
  }

  // The entities a repository found, each read again: many rows, of a class the model does not know.
  async refresh(customerId: string) {
    const orders = await this.orders.findBy({ customerId });
    await Promise.all(orders.map((order) => this.orders.findOneBy({ id: order.id }))); // expect: n-plus-one
  }

  // A repository either way: the project's wrapper's, or the data source's.
  async counts(ids: string[], context?: object) {
    const repository = context ? this.connection.getRepository(context, Order) : this.manager.getRepository(Order);
    for (const id of ids) await repository.countBy({ id }); // expect: n-plus-one
  }

  // Two independent reads.
  async summary(id: string) {
    const order = await this.orders.findOneBy({ id });
    const count = await this.orders.count(); // expect: sequential-await
    return { order, count };
  }
}

/** A lookup that retries after a pause: its callers' loops wait on purpose (no @types/node: the global `setTimeout`). */
export async function findWithRetry(orders: Repository<Order>, id: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const order = await orders.findOneBy({ id });
    if (order) return order;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

export async function findAllWithRetry(orders: Repository<Order>, ids: string[]) {
  for (const id of ids) await findWithRetry(orders, id);
}

/** Start-up code (a NestJS lifecycle hook, told from the interface's import): its loops cost boot time, not requests. */
@Injectable()
export class OrdersSeeder implements OnModuleInit {
  constructor(@InjectRepository(Order) private readonly orders: Repository<Order>) {}

  async onModuleInit() {
    for (const id of ['a', 'b']) await this.orders.save({ id, customerId: id });
    for (const order of await this.orders.find()) await this.orders.save(order);
  }
}

/** A helper declared to resolve to a repository. */
async function ordersRepository(dataSource: DataSource): Promise<Repository<Order>> {
  return dataSource.getRepository(Order);
}

export async function viaHelper(dataSource: DataSource, ids: string[]) {
  const orders = await ordersRepository(dataSource);
  for (const id of ids) await orders.findOneBy({ id }); // expect: n-plus-one
}
