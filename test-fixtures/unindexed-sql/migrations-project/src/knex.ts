import { knex } from './db';

// knex.raw: `?` placeholders become parameters; the leading column of a composite index
export async function byCarrier(carrier: string, since: Date) {
  return knex.raw('select id from shipments where carrier = ? and shipped_at > ?', [carrier, since]);
}

// knex.raw on a column with no index
export async function pendingDelivery(since: Date) {
  return knex.raw('select id from shipments where delivered_at is null and shipped_at > ?', [since]); // expect: unindexed-sql
}

// builder: an indexed column
export async function customerByPhone(phone: string) {
  return knex('customers').where('phone', phone).first();
}

// builder: the primary key
export async function orderById(id: number) {
  return knex('orders').where({ id }).first();
}

// builder: an object filter on a column with no index
export async function ordersTotalling(total: number) {
  return knex('orders').where({ total_cents: total }); // expect: unindexed-sql
}

// builder: an operator on a column with no index
export async function productsNamed(prefix: string) {
  return knex('products').where('name', '>=', prefix); // expect: unindexed-sql
}

// builder: orWhere with one branch the partial index cannot serve
export async function contact(country: string, email: string) {
  return knex('customers').where('country', country).orWhere('email', email); // expect: unindexed-sql
}

// builder: orderBy + first on a column with no index
export async function newestShipment() {
  return knex('shipments').orderBy('shipped_at', 'desc').first(); // expect: unindexed-sql
}

// builder: whereIn on an indexed foreign key
export async function shipmentsOf(orderIds: number[]) {
  return knex('shipments').whereIn('order_id', orderIds);
}
