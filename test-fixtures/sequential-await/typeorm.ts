import { Column, DataSource, Entity, PrimaryGeneratedColumn, type QueryRunner } from 'typeorm';

@Entity('users')
class User {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() email!: string;
  @Column({ type: 'varchar', nullable: true }) teamId!: string | null;
}

@Entity('orders')
class Order {
  @PrimaryGeneratedColumn() id!: number;
  @Column() customerId!: string;
  @Column() status!: string;
  @Column() total!: number;
}

@Entity('teams')
class Team {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() name!: string;
}

const dataSource = new DataSource({ type: 'postgres', entities: [User, Order, Team] });
const users = dataSource.getRepository(User);
const orders = dataSource.getRepository(Order);

class NotFoundError extends Error {}

// two independent repository reads: flagged
export async function getDashboard(userId: string) {
  const user = await users.findOneBy({ id: userId });
  const recent = await orders.find({ where: { customerId: userId }, take: 20 }); // expect: sequential-await
  return { user, recent };
}

// two independent EntityManager reads: flagged
export async function getCounters() {
  const userCount = await dataSource.manager.count(User);
  const firstOpen = await dataSource.manager.findOne(Order, { where: { status: 'open' } }); // expect: sequential-await
  return { userCount, firstOpen };
}

// three independent reads in a row: one finding, on the second
export async function getCustomerOverview(customerId: string) {
  const customer: User | null = await users.findOneBy({ id: customerId });
  const orderCount: number = await orders.countBy({ customerId }); // expect: sequential-await
  const teams: Team[] = await dataSource.getRepository(Team).find({ take: 5 });
  return { customer, orderCount, teams };
}

// query builder read next to a repository read: flagged
export async function getBigSpenders(customerId: string) {
  const customer = await users.findOneBy({ id: customerId });
  const big = await orders.createQueryBuilder('o').where('o.total > :min', { min: 1000 }).getMany(); // expect: sequential-await
  return { customer, big };
}

// second read needs the user's id: silent
export async function getUserOrders(email: string) {
  const user = await users.findOneByOrFail({ email });
  const list = await orders.findBy({ customerId: user.id });
  return list;
}

// a guard on the first result sits between the reads: silent
export async function getTeamPage(userId: string) {
  const user = await users.findOneBy({ id: userId });
  if (!user) throw new NotFoundError('user');
  const teams = await dataSource.getRepository(Team).find({ take: 10 });
  return { user, teams };
}

// first await is a write (save): silent
export async function placeOrder(customerId: string, total: number) {
  const saved = await orders.save({ customerId, status: 'open', total });
  const customer = await users.findOneBy({ id: customerId });
  return { saved, customer };
}

// second await is a write (insert): silent
export async function registerTeam(userId: string, name: string) {
  const owner = await users.findOneBy({ id: userId });
  const result = await dataSource.getRepository(Team).insert({ name });
  return { owner, result };
}

// independent reads inside dataSource.transaction: silent
export async function snapshot(userId: string) {
  return dataSource.transaction(async (manager) => {
    const user = await manager.findOneBy(User, { id: userId });
    const list = await manager.find(Order, { where: { customerId: userId } });
    return { user, list };
  });
}

// reads through a query runner: one connection, one statement at a time: silent
export async function accountOnQueryRunner(queryRunner: QueryRunner, userId: string) {
  const user = await queryRunner.manager.findOne(User, { where: { id: userId } });
  const orders = await queryRunner.manager.find(Order, { where: { customerId: userId } });
  return { user, orders };
}
