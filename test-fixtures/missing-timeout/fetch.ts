// fetch waits up to 300 s for the headers unless a signal bounds it.

// fetch with no init: flagged (the fix adds `{ signal }` as a second argument)
export async function loadProfile(id: string): Promise<unknown> {
  const response = await fetch(`https://profiles.example.com/users/${id}`); // expect: missing-timeout
  return response.json();
}

// fetch with an inline init without a signal: flagged (the fix merges into it)
export async function createTicket(subject: string): Promise<unknown> {
  const response = await fetch('https://helpdesk.example.com/tickets', { method: 'POST', body: JSON.stringify({ subject }) }); // expect: missing-timeout
  return response.json();
}

// a multi-line init without a signal: flagged (the fix adds a line)
export async function publishEvent(event: { type: string }): Promise<void> {
  await fetch('https://events.example.com/publish', { // expect: missing-timeout
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
}

const jsonPost = { method: 'POST', headers: { 'content-type': 'application/json' } };

// init held in a same-file constant without a signal: flagged (no fix: the object is shared)
export async function postAudit(): Promise<void> {
  await fetch('https://audit.example.com/entries', jsonPost); // expect: missing-timeout
}

// a local AbortController that only a cancel callback aborts: flagged
export async function exportReport(onCancel: (abort: () => void) => void): Promise<string> {
  const controller = new AbortController();
  onCancel(() => controller.abort());
  const response = await fetch('https://reports.example.com/export', { signal: controller.signal }); // expect: missing-timeout
  return response.text();
}

// AbortSignal.timeout: silent
export async function loadPrices(): Promise<unknown> {
  const response = await fetch('https://prices.example.com/current', { signal: AbortSignal.timeout(2_000) });
  return response.json();
}

// AbortSignal.any of the caller's signal and a timeout: silent
export async function loadStock(sku: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(`https://stock.example.com/${sku}`, { signal: AbortSignal.any([signal, AbortSignal.timeout(2_000)]) });
  return response.json();
}

// an AbortController aborted by a timer in the same function: silent
export async function loadCatalog(): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 3_000);
  try {
    const response = await fetch('https://catalog.example.com/all', { signal: controller.signal });
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

// a signal passed in by the caller: silent (the caller owns the deadline)
export async function loadReviews(productId: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(`https://reviews.example.com/${productId}`, { signal });
  return response.json();
}

// an init given by the caller, typed RequestInit: silent (it may carry a signal)
export async function forward(url: string, init: RequestInit): Promise<Response> {
  return fetch(url, init);
}

const boundedGet = { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) };

// init held in a same-file constant with a signal: silent
export async function loadRegions(): Promise<unknown> {
  const response = await fetch('https://geo.example.com/regions', boundedGet);
  return response.json();
}

function rejectAfter(milliseconds: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), milliseconds));
}

// fetch raced against a timer: silent (the caller stops waiting when the timer fires)
export async function loadQuote(): Promise<unknown> {
  const response = await Promise.race([fetch('https://quotes.example.com/today'), rejectAfter(2_000)]);
  return response.json();
}

// a URL written out whose scheme never reaches the network: silent (a feature probe, an inline payload)
export async function probeFetchSupport(): Promise<boolean> {
  const inline = await fetch('data:application/json,{"ok":true}');
  await Promise.allSettled([fetch('about:blank')]);
  return inline.ok;
}

// a URL chosen at run time, data: or https: flagged (only a URL written out in the call is read)
export async function fetchInlineOrRemote(remote: boolean): Promise<Response> {
  return fetch(remote ? 'https://payloads.example.com/latest' : 'data:,empty'); // expect: missing-timeout
}
