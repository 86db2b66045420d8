import { and, asc, desc, eq, gt, ilike, inArray, isNull, like, lt, ne, or, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import * as schema from './schema';
import { accounts, deployments, events, memberships, projects, settings } from './schema';

const db = drizzle(new Pool({ connectionString: process.env.DATABASE_URL }), { schema });

// A unique column
export async function accountByEmail(email: string) {
  return db.select().from(accounts).where(eq(accounts.email, email));
}

// A unique index of the extra config, and the primary key
export async function accountByHandle(handle: string, id: number) {
  return db.select({ id: accounts.id }).from(accounts).where(or(eq(accounts.handle, handle), eq(accounts.id, id)));
}

// The leading column of a composite index, and the next one as a range
export async function recentProjects(accountId: number, since: Date) {
  return db.select().from(projects).where(and(eq(projects.accountId, accountId), gt(projects.createdAt, since)));
}

// An index of the object form
export async function failedDeployments() {
  return db.select().from(deployments).where(eq(deployments.status, 'failed'));
}

// The leading column of a composite primary key
export async function membershipsOf(accountId: number) {
  return db.select().from(memberships).where(eq(memberships.accountId, accountId));
}

// Newest first with a limit, served by the composite index
export async function latestProject(accountId: number) {
  return db.select().from(projects).where(eq(projects.accountId, accountId)).orderBy(desc(projects.createdAt)).limit(1);
}

// A partial index whose predicate the query states
export async function livePlans(plan: string) {
  return db.select().from(accounts).where(and(eq(accounts.plan, plan), isNull(accounts.deletedAt)));
}

// A prefix pattern on a unique column
export async function handlesStartingWith(prefix: string) {
  return db.select().from(accounts).where(like(accounts.email, 'ab%'));
}

// No btree index serves these conditions: nothing to add
export async function otherPlans(plan: string, name: string) {
  return db.select().from(accounts).where(and(ne(accounts.plan, plan), ilike(accounts.handle, `%${name}%`)));
}

// SQL written out, a condition built elsewhere, a join: not read
export async function notRead(sha: string, condition: SQL) {
  await db.select().from(deployments).where(sql`lower(${deployments.commitSha}) = ${sha}`);
  await db.select().from(projects).where(condition);
  return db.select().from(projects).innerJoin(accounts, eq(projects.accountId, accounts.id)).where(eq(accounts.plan, 'pro'));
}

// A table whose name is made at run time
export async function setting(key: string) {
  return db.select().from(settings).where(eq(settings.key, key));
}

// A column with no index
export async function accountsOnPlan(plan: string) {
  return db.select().from(accounts).where(eq(accounts.plan, plan)); // expect: unindexed-sql
}

// A column stored under its key
export async function projectsNamed(name: string) {
  return db.select().from(projects).where(eq(projects.name, name)); // expect: unindexed-sql
}

// A foreign key: PostgreSQL does not index the referencing column
export async function deploymentsOf(projectId: number) {
  return db.select().from(deployments).where(eq(deployments.projectId, projectId)); // expect: unindexed-sql
}

// The second column of a composite primary key, alone
export async function membersOf(projectId: number) {
  return db.select().from(memberships).where(inArray(memberships.projectId, [projectId])); // expect: unindexed-sql
}

// An OR with one branch no index serves
export async function findAccount(email: string, plan: string) {
  return db.select().from(accounts).where(or(eq(accounts.email, email), eq(accounts.plan, plan))); // expect: unindexed-sql
}

// Newest first with a limit, on a column with no index
export async function latestDeployments() {
  return db.select().from(deployments).orderBy(desc(deployments.startedAt), asc(deployments.id)).limit(10); // expect: unindexed-sql
}

// A table of another schema
export async function eventsBy(actor: string) {
  return db.select().from(events).where(eq(events.actor, actor)); // expect: unindexed-sql
}

// Writes find their rows the same way
export async function archiveStale(before: Date) {
  await db.update(projects).set({ archived: true }).where(lt(projects.updatedAt, before)); // expect: unindexed-sql
  await db.delete(deployments).where(eq(deployments.commitSha, 'abc')); // expect: unindexed-sql
}

// The relational query API, its where as a condition or a callback
export async function projectsByName(name: string) {
  await db.query.projects.findMany({ where: eq(projects.name, name) }); // expect: unindexed-sql
  return db.query.projects.findFirst({ where: (project, { eq }) => eq(project.name, name) }); // expect: unindexed-sql
}

// The relational query API on an index
export async function projectById(id: number) {
  return db.query.projects.findFirst({ where: (project, { eq }) => eq(project.id, id) });
}
