import type { User } from '../generated/prisma';
import { prisma } from './db';

interface RenderOptions {
  /** Sign the avatar URL (one query for the user's storage settings). */
  signed?: boolean;
  teamId?: string;
}

/** Queries only when asked to sign. */
async function render(user: User, options?: RenderOptions): Promise<string> {
  if (options?.signed && options.teamId) {
    const team = await prisma.user.findFirst({ where: { teamId: options.teamId } });
    return `${user.email}?sig=${team?.id}`;
  }
  return user.email;
}

/** The same, with an early exit. */
async function notify(user: User, send = false): Promise<void> {
  if (!send) return;
  await prisma.post.create({ data: { authorId: user.id, title: 'welcome', published: false } });
}

/** Callers that leave the option out never query: silent. */
export async function renderAll(users: User[]): Promise<string[]> {
  const out: string[] = [];
  for (const user of users) out.push(await render(user));
  for (const user of users) out.push(await render(user, { teamId: user.teamId ?? undefined }));
  for (const user of users) out.push(await render(user, { signed: false, teamId: 't' }));
  for (const user of users) await notify(user);
  return out;
}

/** Callers that pass it query once per user: flagged. */
export async function renderSigned(users: User[], teamId: string): Promise<string[]> {
  const out: string[] = [];
  for (const user of users) out.push(await render(user, { signed: true, teamId })); // expect: n-plus-one
  for (const user of users) await notify(user, true); // expect: n-plus-one
  return out;
}

/** An option the caller passes on from its own caller: decided there. */
async function renderMany(users: User[], options?: RenderOptions): Promise<string[]> {
  const out: string[] = [];
  for (const user of users) out.push(await render(user, options)); // expect: n-plus-one
  return out;
}

export async function page(users: User[]): Promise<string[][]> {
  return [await renderMany(users), await renderMany(users, { signed: true, teamId: 't' })];
}

/** A default that passes the test: callers that leave it out still query (flagged). */
async function audit(user: User, record = true): Promise<void> {
  if (record) await prisma.post.create({ data: { authorId: user.id, title: 'audit', published: false } });
}

export async function auditAll(users: User[]): Promise<void> {
  for (const user of users) await audit(user); // expect: n-plus-one
}

interface PresentOptions {
  isPublic?: boolean;
  teamId?: string;
}

/** The option, spread over its defaults, picks the arguments of the call that queries. */
async function present(user: User, options: PresentOptions | undefined = {}): Promise<string> {
  options = { isPublic: false, ...options };
  return render(user, options.isPublic ? { signed: true, teamId: options.teamId } : undefined);
}

export async function presentAll(users: User[]): Promise<string[]> {
  const out: string[] = [];
  for (const user of users) out.push(await present(user));
  for (const user of users) out.push(await present(user, { isPublic: true, teamId: 't' })); // expect: n-plus-one
  return out;
}

/** A parameter replaced by a value that passes the test: what the caller passes decides nothing. */
async function presentEvenIfPrivate(user: User, options: PresentOptions = {}): Promise<void> {
  options = { isPublic: true };
  if (options.isPublic) await prisma.user.findFirst({ where: { teamId: user.teamId } });
}

export async function presentEach(users: User[]): Promise<void> {
  for (const user of users) await presentEvenIfPrivate(user); // expect: n-plus-one
}
