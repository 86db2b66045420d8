import { Injectable } from '@/nest';
import { UsersService } from '@/users/users.service';
import { PrismaService } from '@/prisma.service';

interface OrderRow {
  id: string;
  buyerId: string;
}

@Injectable()
export class OrdersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly users: UsersService,
  ) {}

  // The buyer of each order, one query per order through the injected UsersService.
  async withBuyers(orders: OrderRow[]) {
    const result = [];
    for (const order of orders) {
      result.push({ ...order, buyer: await this.users.findById(order.buyerId) }); // expect: n-plus-one
    }
    return result;
  }

  // Batched: one query for every buyer.
  async withBuyersBatched(orders: OrderRow[]) {
    const buyers = await this.users.findByIds(orders.map((order) => order.buyerId));
    return orders.map((order) => ({ ...order, buyer: buyers.find((buyer: { id: string }) => buyer.id === order.buyerId) }));
  }

  // An order page: the order and the shop's open-ticket count do not depend on each other.
  async page(orderId: string) {
    const order = await this.prisma.order.findUnique({ where: { id: orderId } });
    const openTickets = await this.prisma.ticket.count({ where: { status: 'open' } }); // expect: sequential-await
    return { order, openTickets };
  }
}
