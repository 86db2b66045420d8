import { DataSource, type FindOptionsWhere, In, IsNull, LessThan, MoreThan, Not, type Repository } from 'typeorm';
import { Customer } from './entities/Customer';
import { Order } from './entities/Order';

export const dataSource = new DataSource({ type: 'postgres' });
const orders: Repository<Order> = dataSource.getRepository(Order);
const customers = dataSource.getRepository(Customer);

// A unique column
export async function customerByEmail(email: string) {
  return customers.findOneBy({ email });
}

// The primary key, inherited from the base class
export async function orderById(id: number) {
  return orders.findOne({ where: { id } });
}

// The leading column of a class-level composite index
export async function customersIn(country: string) {
  return customers.find({ where: { country } });
}

// An index a migration created (createIndex with a TableIndex)
export async function customerByPhone(phone: string) {
  return customers.findOneBy({ phone });
}

// A relation's key, indexed with @Index on the relation
export async function ordersOf(customerId: number) {
  return orders.findBy({ customer: { id: customerId } });
}

// The leading column of an index a raw migration created, with its second column
export async function placedSince(since: Date) {
  return orders.find({ where: { state: 'placed', placedAt: MoreThan(since) } });
}

// A class-level unique constraint
export async function orderByCode(code: string) {
  return dataSource.manager.findOne(Order, { where: { code } });
}

// The second column of a composite index, alone
export async function customersInCity(city: string) {
  return customers.find({ where: { city } }); // expect: unindexed-sql
}

// A relation's key with no index
export async function ordersSoldBy(sellerId: number) {
  return orders.find({ where: { seller: { id: sellerId } } }); // expect: unindexed-sql
}

// A column stored under another name (`total_cents`), with no index
export async function bigOrders(min: number) {
  return orders.count({ where: { total: MoreThan(min) } }); // expect: unindexed-sql
}

// In() on a column with no index
export async function ordersOfIds(ids: string[]) {
  return dataSource.manager.findBy(Order, { code: In(ids), state: In(['a']) });
}

// An OR (an array of filters) with one branch no index serves
export async function lookup(email: string, city: string) {
  return customers.find({ where: [{ email }, { city }] }); // expect: unindexed-sql
}

// The second column of an index, with IsNull
export async function unplaced() {
  return orders.find({ where: { placedAt: IsNull() } }); // expect: unindexed-sql
}

// Newest first with a limit, on a column with no index
export async function latestOrder() {
  return orders.findOne({ where: {}, order: { createdAt: 'DESC' } }); // expect: unindexed-sql
}

// A condition no btree index serves is left out; the order is then not judged alone
export async function latestNotPlaced(state: string) {
  return orders.findOne({ where: { state: Not(state) }, order: { createdAt: 'DESC' } });
}

// Writes find their rows the same way
export async function purge(before: Date) {
  return orders.delete({ placedAt: LessThan(before) }); // expect: unindexed-sql
}

// A filter built elsewhere is not read
export async function filtered(where: FindOptionsWhere<Order>) {
  return orders.find({ where });
}
