// `instanceof` narrows a value to a subclass whose override does I/O where the declared class's
// method does not: only the checker's typing of the reference sees that, so hotpath does not read
// the member from the declared type in a file that tests instances (test/resolution.test.ts).
import { PrismaClient } from '../generated/prisma';

const prisma = new PrismaClient();

export class Entry {
  async refresh(): Promise<number> {
    return 0;
  }
}

export class StoredEntry extends Entry {
  constructor(private readonly id: string) {
    super();
  }

  override async refresh(): Promise<number> {
    return prisma.post.count({ where: { authorId: this.id } });
  }
}

// the stored entries refresh one query each: flagged
export async function refreshStored(entries: readonly Entry[]): Promise<number> {
  let total = 0;
  for (const entry of entries) {
    if (entry instanceof StoredEntry) total += await entry.refresh(); // expect: n-plus-one
  }
  return total;
}

// the base class refreshes in memory: silent
export async function refreshAll(entries: readonly Entry[]): Promise<number> {
  let total = 0;
  for (const entry of entries) total += await entry.refresh();
  return total;
}
