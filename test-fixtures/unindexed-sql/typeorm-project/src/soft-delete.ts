import { IsNull } from 'typeorm';
import { Customer } from './entities/Customer';
import { Order } from './entities/Order';
import { dataSource } from './queries';

const customers = dataSource.getRepository(Customer);
const orders = dataSource.getRepository(Order);

// Every live row: `deletedAt` is the entity's @DeleteDateColumn, and IS NULL on it matches most of
// the table, so no index would narrow it. Silent.
export async function liveCustomers() {
  return customers.find({ where: { deletedAt: IsNull() } });
}

// A nullable column of its own: IS NULL may pick out a few pending rows. Flagged.
export async function unplacedOrders() {
  return orders.find({ where: { placedAt: IsNull() } }); // expect: unindexed-sql
}

// Beside the soft-delete marker, the selective column is named. Flagged.
export async function liveIn(city: string) {
  return customers.find({ where: { city, deletedAt: IsNull() } }); // expect: unindexed-sql
}

// A true/false column alone: an index on it helps only when one value is rare, which the data
// decides (a partial index), not the code. Silent.
export async function unverifiedCustomers() {
  return customers.find({ where: { verified: false } });
}

// Beside the boolean, the selective column is named. Flagged.
export async function verifiedIn(city: string) {
  return customers.find({ where: { city, verified: true } }); // expect: unindexed-sql
}
