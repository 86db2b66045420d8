import knexFactory, { type Knex } from 'knex';

interface ShipmentRow {
  id: number;
  order_id: number;
  carrier: string;
  status: string;
}

const knex: Knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });

// awaited query builder per order id, finding at the start of the chain: flagged
export async function shipmentsForOrders(orderIds: number[]): Promise<Array<ShipmentRow | undefined>> {
  const shipments: Array<ShipmentRow | undefined> = [];
  for (const orderId of orderIds) {
    const shipment = await knex<ShipmentRow>('shipments').where({ order_id: orderId }).first(); // expect: n-plus-one
    shipments.push(shipment);
  }
  return shipments;
}

// awaited update per shipment inside Promise.all(map(async)): flagged
export async function markDelivered(shipments: ShipmentRow[]): Promise<void> {
  await Promise.all(
    shipments.map(async (shipment) => {
      await knex('shipments').where('id', shipment.id).update({ status: 'delivered' }); // expect: n-plus-one
    }),
  );
}

// knex.raw per carrier name: flagged
export async function carrierVolumes(carriers: string[]): Promise<unknown[]> {
  const volumes: unknown[] = [];
  for (const carrier of carriers) {
    volumes.push(await knex.raw('select count(*) from shipments where carrier = ?', [carrier])); // expect: n-plus-one
  }
  return volumes;
}

// insert per tracking event: flagged
export async function recordEvents(events: Array<{ shipmentId: number; status: string }>): Promise<void> {
  for (const event of events) {
    await knex('shipment_events').insert({ shipment_id: event.shipmentId, status: event.status }); // expect: n-plus-one
  }
}

// one whereIn query, then grouping in memory: silent
export async function shipmentsByOrder(orderIds: number[]): Promise<Map<number, ShipmentRow[]>> {
  const rows = await knex<ShipmentRow>('shipments').whereIn('order_id', orderIds);
  const grouped = new Map<number, ShipmentRow[]>();
  for (const row of rows) {
    grouped.set(row.order_id, [...(grouped.get(row.order_id) ?? []), row]);
  }
  return grouped;
}

// builder refined per filter in a loop, executed once after it: silent
export async function searchShipments(filters: Record<string, string>): Promise<ShipmentRow[]> {
  let query = knex<ShipmentRow>('shipments').select('*');
  for (const [column, value] of Object.entries(filters)) {
    query = query.where(column, value);
  }
  return await query;
}

// keyset pagination: each page starts after the previous page's last id: silent
export async function allCarriers(): Promise<Set<string>> {
  const carriers = new Set<string>();
  let lastId = 0;
  while (true) {
    const page: ShipmentRow[] = await knex<ShipmentRow>('shipments').where('id', '>', lastId).orderBy('id').limit(500);
    if (page.length === 0) break;
    page.forEach((row) => carriers.add(row.carrier));
    lastId = page[page.length - 1].id;
  }
  return carriers;
}

// streaming rows with for await: silent
export async function exportShipments(write: (line: string) => void): Promise<void> {
  for await (const row of knex<ShipmentRow>('shipments').select('*').stream()) {
    write(JSON.stringify(row));
  }
}
