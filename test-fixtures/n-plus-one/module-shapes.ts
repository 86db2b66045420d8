import type { User } from '../generated/prisma';
import * as records from './module-shapes-helpers';

// an export alias called through a namespace import, per id: flagged
export async function recordsByAlias(ids: string[]): Promise<Array<User | null>> {
  const found: Array<User | null> = [];
  for (const id of ids) {
    found.push(await records.fetchUserRecord(id)); // expect: n-plus-one
  }
  return found;
}

// a function stored in an object property under another name, called per id: flagged
export async function recordsByProperty(ids: string[]): Promise<Array<User | null>> {
  const loader = records.userRecords;
  const found: Array<User | null> = [];
  for (const id of ids) {
    found.push(await loader.loadLater(id)); // expect: n-plus-one
  }
  return found;
}

// the same names on plain objects of the project that do no I/O: silent
export function labels(ids: string[]): string[] {
  const formatter = { fetchUserRecord: (id: string) => `user ${id}` };
  return ids.map((id) => formatter.fetchUserRecord(id));
}
