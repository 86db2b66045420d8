// Without @types/node nor the DOM library, `fetch` is declared nowhere: Node's global.
export async function load(url: string) {
  await fetch(url, { method: 'GET', signal: AbortSignal.timeout(1000) }); // io: fetch read
}
