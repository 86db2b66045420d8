import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgSchema, pgTable, pgTableCreator, primaryKey, serial, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at').defaultNow().notNull(),
  updatedAt: timestamp('updated_at'),
};

export const accounts = pgTable(
  'accounts',
  {
    id: serial('id').primaryKey(),
    email: varchar('email', { length: 255 }).notNull().unique(),
    handle: text('handle').notNull(),
    plan: text('plan').notNull(),
    deletedAt: timestamp('deleted_at'),
    ...timestamps,
  },
  (t) => [uniqueIndex('accounts_handle_idx').on(t.handle), index('accounts_live_plan_idx').on(t.plan).where(sql`${t.deletedAt} is null`)],
);

// Columns without a name are stored under their key.
export const projects = pgTable(
  'projects',
  {
    id: serial().primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    name: text().notNull(),
    archived: boolean('archived').default(false).notNull(),
    ...timestamps,
  },
  (t) => [index('projects_account_created_idx').on(t.accountId, t.createdAt.desc())],
);

// The older form: the extra config returns an object of indexes.
export const deployments = pgTable(
  'deployments',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    status: text('status').notNull(),
    commitSha: text('commit_sha').notNull(),
    startedAt: timestamp('started_at').notNull(),
  },
  (t) => ({
    statusIdx: index('deployments_status_idx').on(t.status),
    shaIdx: index('deployments_sha_lower_idx').on(sql`lower(${t.commitSha})`),
  }),
);

// The columns as a callback of the column builders, and a composite primary key.
export const memberships = pgTable(
  'memberships',
  (c) => ({
    accountId: c.integer('account_id').notNull(),
    projectId: c.integer('project_id').notNull(),
    role: c.text('role').notNull(),
  }),
  (t) => [primaryKey({ columns: [t.accountId, t.projectId] })],
);

// A table of another PostgreSQL schema.
const audit = pgSchema('audit');
export const events = audit.table('events', {
  id: serial('id').primaryKey(),
  actor: text('actor').notNull(),
  happenedAt: timestamp('happened_at').notNull(),
});

// A prefix added at run time: its table name is not read.
const prefixed = pgTableCreator((name) => `app_${name}`);
export const settings = prefixed('settings', {
  id: serial('id').primaryKey(),
  key: text('key').notNull(),
});
