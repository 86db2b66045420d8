import { Column, DataSource, Entity, In, PrimaryGeneratedColumn, type Repository } from 'typeorm';

@Entity('customers')
export class Customer {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  email!: string;

  @Column({ type: 'varchar', nullable: true })
  tier!: string | null;
}

@Entity('invoices')
export class Invoice {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  customerId!: number;

  @Column()
  amountCents!: number;

  @Column()
  status!: string;
}

const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [Customer, Invoice] });
const customers: Repository<Customer> = dataSource.getRepository(Customer);
const invoices = dataSource.getRepository(Invoice);

// Repository.findOneBy per invoice's customer: flagged
export async function loadInvoiceCustomers(list: Invoice[]): Promise<Array<Customer | null>> {
  const result: Array<Customer | null> = [];
  for (const invoice of list) {
    result.push(await customers.findOneBy({ id: invoice.customerId })); // expect: n-plus-one
  }
  return result;
}

// Repository.save per element inside Promise.all(map(async)): flagged
export async function markInvoicesPaid(list: Invoice[]): Promise<void> {
  await Promise.all(
    list.map(async (invoice) => {
      await invoices.save({ ...invoice, status: 'paid' }); // expect: n-plus-one
    }),
  );
}

// EntityManager.findOne per customer id: flagged
export async function firstInvoices(customerIds: number[]): Promise<Array<Invoice | null>> {
  const first: Array<Invoice | null> = [];
  for (const customerId of customerIds) {
    first.push(await dataSource.manager.findOne(Invoice, { where: { customerId }, order: { id: 'ASC' } })); // expect: n-plus-one
  }
  return first;
}

// QueryBuilder getMany per customer, the chain starting at the data source: flagged
export async function openInvoicesPerCustomer(list: Customer[]): Promise<Invoice[][]> {
  const open: Invoice[][] = [];
  for (const customer of list) {
    const rows = await dataSource.getRepository(Invoice).createQueryBuilder('invoice').where('invoice.customerId = :customerId', { customerId: customer.id }).andWhere("invoice.status = 'open'").getMany(); // expect: n-plus-one
    open.push(rows);
  }
  return open;
}

// Repository.update per element of a tier map: flagged
export async function applyTiers(tierByCustomer: Map<number, string>): Promise<void> {
  for (const [customerId, tier] of tierByCustomer) {
    await customers.update({ id: customerId }, { tier }); // expect: n-plus-one
  }
}

// findBy with In(...) once, then a Map lookup per invoice: silent
export async function invoiceEmails(list: Invoice[]): Promise<string[]> {
  const found = await customers.findBy({ id: In(list.map((invoice) => invoice.customerId)) });
  const emailById = new Map(found.map((customer) => [customer.id, customer.email]));
  return list.map((invoice) => emailById.get(invoice.customerId) ?? 'unknown');
}

// Repository.create builds entities in memory (no query), then one save: silent
export async function createInvoices(drafts: Array<{ customerId: number; amountCents: number }>): Promise<Invoice[]> {
  const entities = drafts.map((draft) => invoices.create({ customerId: draft.customerId, amountCents: draft.amountCents, status: 'draft' }));
  return invoices.save(entities);
}

// offset pagination with findAndCount until every row has been read: silent
export async function totalOutstanding(): Promise<number> {
  const take = 200;
  let skip = 0;
  let outstanding = 0;
  while (true) {
    const [page, total] = await invoices.findAndCount({ where: { status: 'open' }, skip, take, order: { id: 'ASC' } });
    outstanding += page.reduce((sum, invoice) => sum + invoice.amountCents, 0);
    skip += take;
    if (skip >= total) break;
  }
  return outstanding;
}

// count that does not depend on the element: silent
export async function invoiceShares(list: Invoice[]): Promise<number[]> {
  const shares: number[] = [];
  for (const invoice of list) {
    const openCount = await invoices.count({ where: { status: 'open' } });
    shares.push(invoice.amountCents / Math.max(openCount, 1));
  }
  return shares;
}
