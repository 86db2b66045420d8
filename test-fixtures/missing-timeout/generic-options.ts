// Must stay silent: a project helper, not a library request. It also keeps test/resolution.test.ts
// honest about generic options: overload resolution instantiates `T` to the argument's own type
// (no `timeout` here), while the declaration's constraint has one; the signatures alone must not answer.

declare function send<T extends { timeout?: number; retries: number }>(url: string, options: T): Promise<void>;

export async function notify(url: string): Promise<void> {
  await send(url, { retries: 2 });
}
