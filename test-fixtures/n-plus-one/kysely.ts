import { Kysely, PostgresDialect, type Generated, type Selectable } from 'kysely';
import { Pool } from 'pg';

interface AccountTable {
  id: Generated<number>;
  email: string;
  plan: string;
}

interface SubscriptionTable {
  id: Generated<number>;
  account_id: number;
  status: string;
  renews_at: Date;
}

interface Database {
  accounts: AccountTable;
  subscriptions: SubscriptionTable;
}

type Subscription = Selectable<SubscriptionTable>;
type Account = Selectable<AccountTable>;

const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: process.env.DATABASE_URL }) }) });

// executeTakeFirst per subscription's account, finding at the start of the chain: flagged
export async function accountsForSubscriptions(subscriptions: Subscription[]): Promise<Array<Account | undefined>> {
  const accounts: Array<Account | undefined> = [];
  for (const subscription of subscriptions) {
    const account = await db.selectFrom('accounts').selectAll().where('id', '=', subscription.account_id).executeTakeFirst(); // expect: n-plus-one
    accounts.push(account);
  }
  return accounts;
}

// execute per account inside Promise.all(map(async)): flagged
export async function subscriptionsPerAccount(accountIds: number[]): Promise<Subscription[][]> {
  return Promise.all(
    accountIds.map(async (accountId) => {
      return await db.selectFrom('subscriptions').selectAll().where('account_id', '=', accountId).execute(); // expect: n-plus-one
    }),
  );
}

// updateTable per expired subscription: flagged
export async function expireSubscriptions(expired: Subscription[]): Promise<void> {
  for (const subscription of expired) {
    if (subscription.status === 'active') {
      await db.updateTable('subscriptions').set({ status: 'expired' }).where('id', '=', subscription.id).executeTakeFirst(); // expect: n-plus-one
    }
  }
}

// one query with `in`, then a Map lookup per subscription: silent
export async function planBySubscription(subscriptions: Subscription[]): Promise<Map<number, string>> {
  const accounts = await db.selectFrom('accounts').select(['id', 'plan']).where('id', 'in', subscriptions.map((subscription) => subscription.account_id)).execute();
  const planByAccount = new Map(accounts.map((account) => [account.id, account.plan]));
  return new Map(subscriptions.map((subscription) => [subscription.id, planByAccount.get(subscription.account_id) ?? 'free']));
}

// query refined per filter in a loop without executing, executed once after it: silent
export async function findAccounts(plans: string[], excludedDomains: string[]): Promise<Account[]> {
  let query = db.selectFrom('accounts').selectAll().where('plan', 'in', plans);
  for (const domain of excludedDomains) {
    query = query.where('email', 'not like', `%@${domain}`);
  }
  return query.execute();
}

// offset pagination until a short page: silent
export async function renewalsThisMonth(until: Date): Promise<number> {
  const pageSize = 1000;
  let offset = 0;
  let renewals = 0;
  do {
    const page = await db.selectFrom('subscriptions').select('id').where('renews_at', '<', until).orderBy('id').limit(pageSize).offset(offset).execute();
    renewals += page.length;
    if (page.length < pageSize) break;
    offset += pageSize;
  } while (true);
  return renewals;
}

// retry with an attempt counter, exiting on success: silent
export async function accountWithRetry(accountId: number): Promise<Account | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
  return undefined;
}
