import { NotFoundError } from '../errors';
import { customerRepository } from '../repositories/customer-repository';
import { listOrdersForCustomer } from '../repositories/order-repository';
import { capturePayment, getOrderDetails, placeOrder, type CartLine } from '../services/order-service';
import { created, notFound, ok, type Reply, type Request } from './http-types';

// GET /orders/:id
export async function getOrder(req: Request<{ id: string }>): Promise<Reply> {
  try {
    return ok(await getOrderDetails(Number(req.params.id)));
  } catch (error) {
    if (error instanceof NotFoundError) return notFound(error.message);
    throw error;
  }
}

// POST /orders
export async function postOrder(req: Request<Record<string, never>, { customerId: string; lines: CartLine[] }>): Promise<Reply> {
  const order = await placeOrder(req.body.customerId, req.body.lines);
  const captureId = await capturePayment(order);
  return created({ ...order, status: 'paid', captureId });
}

// GET /customers/:id
export async function getCustomerPage(req: Request<{ id: string }>): Promise<Reply> {
  const [customer, orders] = await Promise.all([customerRepository.findById(req.params.id), listOrdersForCustomer(req.params.id, 10)]);
  if (!customer) return notFound(`customer ${req.params.id}`);
  return ok({ customer, orders });
}
