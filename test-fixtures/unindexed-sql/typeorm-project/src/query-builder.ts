import { Brackets } from 'typeorm';
import { Customer } from './entities/Customer';
import { Order } from './entities/Order';
import { dataSource } from './queries';

const orders = dataSource.getRepository(Order);
const customers = dataSource.getRepository(Customer);

// A unique column, its property path replaced by the column
export async function customerByEmail(email: string) {
  return customers.createQueryBuilder('c').where('c.email = :email', { email }).getOne();
}

// The leading column of a composite index, and the next one
export async function ordersPlacedSince(since: Date) {
  return orders.createQueryBuilder('o').where('o.state = :state', { state: 'placed' }).andWhere('o.placedAt >= :since', { since }).getMany();
}

// A relation's key through its property, an IN list
export async function ordersOfCustomers(ids: number[]) {
  return orders.createQueryBuilder('o').where('o.customer IN (:...ids)', { ids }).getMany();
}

// A join to an entity: the customer is found by its unique email, the orders by their indexed key
export async function ordersOfEmail(email: string) {
  return orders.createQueryBuilder('o').innerJoin(Customer, 'c', 'c.id = o.customerId').where('c.email = :email', { email }).getMany();
}

// A relation joined by its path, the condition on the main alias
export async function withCustomer(code: string) {
  return orders.createQueryBuilder('o').leftJoinAndSelect('o.customer', 'c').where('o.code = :code', { code }).getOne();
}

// Conditions that are not literals, Brackets, a condition on a relation joined by its path: not read
export async function notRead(city: string, clause: string) {
  await customers.createQueryBuilder('c').where(clause, { city }).getMany();
  await customers.createQueryBuilder('c').where(new Brackets((qb) => qb.where('c.city = :city', { city }))).getMany();
  await orders.createQueryBuilder('o').leftJoin('o.seller', 's').where('s.city = :city', { city }).getMany();
  return customers.createQueryBuilder('c').where('c.nickname = :city', { city }).getMany();
}

// The second column of a composite index, alone
export async function customersInCity(city: string) {
  return customers.createQueryBuilder('c').where('c.city = :city', { city }).getMany(); // expect: unindexed-sql
}

// A column stored under another name, through the entity manager
export async function bigOrders(min: number) {
  return dataSource.manager.createQueryBuilder(Order, 'o').where('o.total > :min', { min }).getCount(); // expect: unindexed-sql
}

// An OR with one branch no index serves
export async function lookup(email: string, city: string) {
  return customers.createQueryBuilder('c').where('c.email = :email', { email }).orWhere('c.city = :city', { city }).getMany(); // expect: unindexed-sql
}

// Newest first with a limit, on a column with no index
export async function latestOrders() {
  return orders.createQueryBuilder('o').orderBy('o.createdAt', 'DESC').limit(10).getMany(); // expect: unindexed-sql
}

// A join whose column on the joined entity has no index
export async function ordersSoldTo(email: string) {
  return customers.createQueryBuilder('c').innerJoin(Order, 'o', 'o.seller = c.id').where('c.email = :email', { email }).getMany(); // expect: unindexed-sql
}

// Writes find their rows the same way
export async function cancelSoldBy(sellerId: number) {
  await dataSource.createQueryBuilder().update(Order).set({ state: 'cancelled' }).where('seller_id = :sellerId', { sellerId }).execute(); // expect: unindexed-sql
  await dataSource.createQueryBuilder().delete().from(Order).where('id = :id', { id: sellerId }).execute();
}

// The repository made in the chain itself
export async function customersInCityOf(city: string) {
  return dataSource.getRepository(Customer).createQueryBuilder('c').where('c.city = :city', { city }).getMany(); // expect: unindexed-sql
}
