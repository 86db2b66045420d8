// Must stay silent: lookups in in-memory collections inside loops are not I/O. The receivers are
// made with `new`, which hotpath reads without inferring their type arguments; the annotated one and
// the one whose construct signatures disagree are where that shortcut must not apply, the reassigned
// one where it still may (test/resolution.test.ts).

class Store {
  get(id: string): string | undefined {
    return id;
  }
}

class LoggingStore extends Store {
  override get(id: string): string | undefined {
    return super.get(id)?.trim();
  }
}

interface Single {
  get(): number;
}

interface Pair {
  get(): string;
}

declare const Made: { new (first: string): Single; new (first: string, second: string): Pair };

export function lookups(ids: readonly string[]): (string | number | undefined)[][] {
  const annotated: Store = new LoggingStore();
  let reassigned = new Store();
  reassigned = new LoggingStore();
  const byId = new Map(ids.map((id) => [id, id.length] as const));
  const made = new Made('a', 'b');
  const rows: (string | number | undefined)[][] = [];
  for (const id of ids) {
    rows.push([annotated.get(id), reassigned.get(id), byId.get(id), made.get()]);
  }
  return rows;
}
