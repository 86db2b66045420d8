import { and, eq, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { Pool } from 'pg';

const members = pgTable('members', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
  workspaceId: integer('workspace_id').notNull(),
});

const invitations = pgTable('invitations', {
  id: serial('id').primaryKey(),
  workspaceId: integer('workspace_id').notNull(),
  email: text('email').notNull(),
  status: text('status').notNull(),
  sentAt: timestamp('sent_at'),
});

type Invitation = typeof invitations.$inferSelect;
type Member = typeof members.$inferSelect;

const db = drizzle(new Pool({ connectionString: process.env.DATABASE_URL }));

// awaited select per invitation, finding at the start of the chain: flagged
export async function existingMembers(pending: Invitation[]): Promise<Member[][]> {
  const found: Member[][] = [];
  for (const invitation of pending) {
    const rows = await db.select().from(members).where(eq(members.email, invitation.email)); // expect: n-plus-one
    found.push(rows);
  }
  return found;
}

// awaited update per invitation inside Promise.all(map(async)): flagged
export async function markSent(pending: Invitation[], sentAt: Date): Promise<void> {
  await Promise.all(
    pending.map(async (invitation) => {
      await db.update(invitations).set({ status: 'sent', sentAt }).where(eq(invitations.id, invitation.id)); // expect: n-plus-one
    }),
  );
}

// awaited insert per email address: flagged
export async function inviteAll(workspaceId: number, emails: string[]): Promise<void> {
  for (const email of emails) {
    const normalized = email.trim().toLowerCase();
    await db.insert(invitations).values({ workspaceId, email: normalized, status: 'pending' }); // expect: n-plus-one
  }
}

// one inArray query, then a Set lookup per invitation: silent
export async function alreadyMembers(pending: Invitation[]): Promise<Invitation[]> {
  const rows = await db.select({ email: members.email }).from(members).where(inArray(members.email, pending.map((invitation) => invitation.email)));
  const memberEmails = new Set(rows.map((row) => row.email));
  return pending.filter((invitation) => memberEmails.has(invitation.email));
}

// conditions built per filter with and()/eq() (no query), one select after the loop: silent
export async function searchInvitations(filters: Array<{ workspaceId: number; status: string }>): Promise<Invitation[]> {
  const conditions: SQL[] = [];
  for (const filter of filters) {
    conditions.push(and(eq(invitations.workspaceId, filter.workspaceId), eq(invitations.status, filter.status)) ?? sql`false`);
  }
  return db.select().from(invitations).where(or(...conditions));
}

// keyset pagination: each page starts after the previous page's last id: silent
export async function countPending(): Promise<number> {
  let lastId = 0;
  let pendingCount = 0;
  for (;;) {
    const page = await db.select({ id: invitations.id }).from(invitations).where(and(eq(invitations.status, 'pending'), gt(invitations.id, lastId))).orderBy(invitations.id).limit(500);
    if (page.length === 0) return pendingCount;
    pendingCount += page.length;
    lastId = page[page.length - 1].id;
  }
}

// loop over a module-level `as const` tuple of statuses: silent
const INVITATION_STATUSES = ['pending', 'sent', 'accepted'] as const;
export async function invitationsByStatus(workspaceId: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const status of INVITATION_STATUSES) {
    const rows = await db.select({ id: invitations.id }).from(invitations).where(and(eq(invitations.workspaceId, workspaceId), eq(invitations.status, status)));
    counts[status] = rows.length;
  }
  return counts;
}
