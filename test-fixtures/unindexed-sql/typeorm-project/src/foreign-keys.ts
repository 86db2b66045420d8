import { dataSource } from './queries';
import { Customer } from './entities/Customer';
import { Order } from './entities/Order';

const customers = dataSource.getRepository(Customer);
const orders = dataSource.getRepository(Order);

// orders.seller_id references customer with no index (orders.customerId has its @Index): each
// deleted customer scans orders. `delete` deletes rows even of an entity with a @DeleteDateColumn.
export async function removeCustomer(id: number) {
  await customers.delete(id); // expect: unindexed-sql
}

export async function removeCustomerRow(customer: Customer) {
  await customers.remove(customer); // expect: unindexed-sql
}

// A soft delete only sets deletedAt.
export async function retireCustomer(id: number) {
  await customers.softDelete(id);
}

// Nothing references orders.
export async function removeOrder(id: number) {
  await orders.delete(id);
}
