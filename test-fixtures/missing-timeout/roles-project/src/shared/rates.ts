// Imported by server code and by UI code: it runs on the server too, so every rule applies.
export async function exchangeRate(currency: string): Promise<number> {
  const response = await fetch(`https://rates.example.com/${currency}`); // expect: missing-timeout
  return (await response.json()) as number;
}

// Code that tests where it runs before touching the DOM is isomorphic, not browser code.
export async function track(event: string): Promise<void> {
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(event));
  await fetch('https://analytics.example.com/events', { method: 'POST', body: event }); // expect: missing-timeout
}
