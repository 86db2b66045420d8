// Receivers made by a call: hotpath reads the member `x.name` reaches from the factory's declared
// return type, without inferring its type arguments. The overloads below are where that shortcut
// must tell which signature the checker chooses (by the number of type arguments, by their
// constraints) or give up (by the arguments); test/resolution.test.ts compares every answer with
// the checker's own typing of the receiver.
import { PrismaClient, type User } from '../generated/prisma';

const prisma = new PrismaClient();

class UserLoader {
  async get(id: string): Promise<User | null> {
    return prisma.user.findUnique({ where: { id } });
  }
}

class MemoryLoader<T> {
  constructor(private readonly rows: ReadonlyMap<string, T>) {}

  get(id: string): T | undefined {
    return this.rows.get(id);
  }
}

interface Named {
  readonly name: string;
}

function createLoader(): UserLoader {
  return new UserLoader();
}

// By the number of type arguments: one makes a MemoryLoader, two a UserLoader.
function loaderFor<T>(rows: ReadonlyMap<string, T>): MemoryLoader<T>;
function loaderFor<T, U>(rows: ReadonlyMap<string, T>): UserLoader;
function loaderFor(rows: ReadonlyMap<string, unknown>): MemoryLoader<unknown> | UserLoader {
  return rows.size ? new MemoryLoader(rows) : new UserLoader();
}

// By constraint: a named type argument makes a UserLoader, any other a MemoryLoader.
function loaderOf<T extends Named>(rows: ReadonlyMap<string, T>): UserLoader;
function loaderOf<T>(rows: ReadonlyMap<string, T>): MemoryLoader<T>;
function loaderOf(rows: ReadonlyMap<string, unknown>): MemoryLoader<unknown> | UserLoader {
  return rows.size ? new MemoryLoader(rows) : new UserLoader();
}

// By argument: only overload resolution can tell.
function loaderBy(kind: 'memory'): MemoryLoader<string>;
function loaderBy(kind: 'database'): UserLoader;
function loaderBy(kind: 'memory' | 'database'): MemoryLoader<string> | UserLoader {
  return kind === 'memory' ? new MemoryLoader(new Map()) : new UserLoader();
}

// a loader made by a factory that declares its class: flagged
export async function usersFromFactory(ids: readonly string[]): Promise<Array<User | null>> {
  const loader = createLoader();
  const users: Array<User | null> = [];
  for (const id of ids) {
    users.push(await loader.get(id)); // expect: n-plus-one
  }
  return users;
}

// the overload that takes two type arguments: flagged
export async function usersByTypeArguments(ids: readonly string[]): Promise<Array<User | null>> {
  const loader = loaderFor<string, number>(new Map());
  const users: Array<User | null> = [];
  for (const id of ids) {
    users.push(await loader.get(id)); // expect: n-plus-one
  }
  return users;
}

// the overload for a named type argument: flagged
export async function usersByConstraint(ids: readonly string[]): Promise<Array<User | null>> {
  const loader = loaderOf<Named>(new Map());
  const users: Array<User | null> = [];
  for (const id of ids) {
    users.push(await loader.get(id)); // expect: n-plus-one
  }
  return users;
}

// the overload chosen by the argument: flagged
export async function usersByArgument(ids: readonly string[]): Promise<Array<User | null>> {
  const loader = loaderBy('database');
  const users: Array<User | null> = [];
  for (const id of ids) {
    users.push(await loader.get(id)); // expect: n-plus-one
  }
  return users;
}

// the in-memory overloads of the same factories: silent
export function namesFromMemory(ids: readonly string[], rows: ReadonlyMap<string, string>): Array<string | undefined> {
  const byCount = loaderFor<string>(rows);
  const byConstraint = loaderOf<string>(rows);
  const byArgument = loaderBy('memory');
  return ids.flatMap((id) => [byCount.get(id), byConstraint.get(id), byArgument.get(id)]);
}

// a function held by a parameter property, called as a member: nothing known about it, silent
export class Formatter {
  constructor(private readonly renderLabel: (id: string) => string) {}

  formatAll(ids: readonly string[]): string[] {
    return ids.map((id) => this.renderLabel(id));
  }
}
