import knexFactory, { type Knex } from 'knex';

const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });

type UserRow = { id: number; email: string; team_id: number | null };
type OrderRow = { id: number; customer_id: number; status: string; total: number };
type FlagRow = { key: string; enabled: boolean };

// two independent awaited query builders: flagged
export async function getDashboard(id: number) {
  const user = await knex<UserRow>('users').where({ id }).first();
  const orders = await knex<OrderRow>('orders').where({ customer_id: id }).orderBy('id', 'desc'); // expect: sequential-await
  return { user, orders };
}

// three independent reads in a row: one finding, on the second
export async function getHomePage(id: number) {
  const user = await knex<UserRow>('users').where({ id }).first();
  const flags = await knex<FlagRow>('feature_flags').where({ enabled: true }); // expect: sequential-await
  const openOrders = await knex<OrderRow>('orders').where({ status: 'open' }).select('id', 'total');
  return { user, flags, openOrders };
}

// second read needs the user's id: silent
export async function getOrdersByEmail(email: string) {
  const user = await knex<UserRow>('users').where({ email }).first();
  const orders = await knex<OrderRow>('orders').where({ customer_id: user?.id ?? 0 });
  return orders;
}

// first await is a write (insert): silent
export async function addOrder(customerId: number, total: number) {
  const inserted = await knex<OrderRow>('orders').insert({ customer_id: customerId, status: 'open', total });
  const flags = await knex<FlagRow>('feature_flags').where({ enabled: true });
  return { inserted, flags };
}

// independent reads inside knex.transaction: silent
export async function snapshot(id: number) {
  return knex.transaction(async (trx) => {
    const user = await trx<UserRow>('users').where({ id }).first();
    const orders = await trx<OrderRow>('orders').where({ customer_id: id });
    return { user, orders };
  });
}

// a helper given a transaction: one connection, one statement at a time: silent
export async function accountInTransaction(trx: Knex.Transaction, userId: number) {
  const user = await trx<UserRow>('users').where({ id: userId }).first();
  const orders = await trx<OrderRow>('orders').where({ customer_id: userId });
  return { user, orders };
}

// builders bound to a transaction with `.transacting(trx)`: one connection: silent
export async function accountTransacting(trx: Knex.Transaction, userId: number) {
  const user = await knex<UserRow>('users').where({ id: userId }).transacting(trx).first();
  const orders = await knex<OrderRow>('orders').where({ customer_id: userId }).transacting(trx);
  return { user, orders };
}
