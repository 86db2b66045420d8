import express from 'express';
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

// The same delete in a job, not per request: its lookups cost the job's time. Silent.
export async function purgeCustomers(ids: number[]) {
  await customers.delete(ids);
}

// A soft delete only sets deletedAt.
export async function retireCustomer(id: number) {
  await customers.softDelete(id);
}

// Nothing references orders.
export async function removeOrder(id: number) {
  await orders.delete(id);
}

// Deletes are frequent where a request makes them.
export const router = express.Router();
router.delete('/customers/:id', async (req, res) => {
  await removeCustomer(Number(req.params.id));
  const customer = await customers.findOneByOrFail({ id: Number(req.params.id) });
  await removeCustomerRow(customer);
  await retireCustomer(customer.id);
  await removeOrder(customer.id);
  res.sendStatus(204);
});
