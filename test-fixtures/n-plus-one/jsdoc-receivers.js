// Must stay silent. JavaScript annotates in JSDoc: a receiver typed there is one where reading the
// member from the class it was made with would be wrong (test/resolution.test.ts checks hotpath
// agrees with the checker).

class Store {
  get(id) {
    return id;
  }
}

class LoggingStore extends Store {
  get(id) {
    return super.get(id).trim();
  }
}

export function lookups(ids) {
  /** @type {Store} */
  const annotated = new LoggingStore();
  const rows = [];
  for (const id of ids) rows.push(annotated.get(id));
  return rows;
}
