// Receivers whose method hotpath reads from the type they are declared with instead of typing the
// reference (test/resolution.test.ts checks every call here against the checker): a parameter
// property, an optional property, a parameter typed by the annotation of the variable its function
// initialises, a call's declared return type, `this` inside an arrow function.
import { PrismaClient, type User } from '../generated/prisma';

const prisma = new PrismaClient();

export class UserRepository {
  async findById(id: string): Promise<User | null> {
    return prisma.user.findUnique({ where: { id } });
  }

  byIdFromMemory(users: ReadonlyMap<string, User>, id: string): User | undefined {
    return users.get(id);
  }
}

export interface Repositories {
  readonly users: UserRepository;
}

export function repositories(): Repositories {
  return { users: new UserRepository() };
}

export class UserService {
  private audit?: UserRepository;
  private readonly seen: Map<string, User> = new Map();

  constructor(private readonly users: UserRepository) {}

  // a parameter property's method per id: flagged
  async loadEach(ids: readonly string[]): Promise<(User | null)[]> {
    const found: (User | null)[] = [];
    for (const id of ids) found.push(await this.users.findById(id)); // expect: n-plus-one
    return found;
  }

  // an optional property, called after a test: flagged
  async auditEach(ids: readonly string[]): Promise<void> {
    if (!this.audit) return;
    for (const id of ids) await this.audit.findById(id); // expect: n-plus-one
  }

  // `this` inside the callback is the service's: flagged
  async loadAll(ids: readonly string[]): Promise<(User | null)[]> {
    return Promise.all(ids.map((id) => this.users.findById(id))); // expect: n-plus-one
  }

  // in-memory lookups through the same receivers: silent
  cached(ids: readonly string[]): (User | undefined)[] {
    return ids.map((id) => this.seen.get(id) ?? this.users.byIdFromMemory(this.seen, id));
  }
}

export interface Reply {
  status(code: number): Reply;
  json(body: unknown): void;
}

export type Job = (repos: Repositories, reply: Reply, ids: readonly string[]) => Promise<void>;

// a parameter typed by the variable's annotation: flagged; the reply is no I/O
export const syncUsers: Job = async (repos, reply, ids) => {
  for (const id of ids) await repos.users.findById(id); // expect: n-plus-one
  reply.status(200).json({ synced: ids.length });
};

// a receiver returned by a call whose return type is declared: flagged
export async function viaFactory(ids: readonly string[]): Promise<void> {
  for (const id of ids) await repositories().users.findById(id); // expect: n-plus-one
}
