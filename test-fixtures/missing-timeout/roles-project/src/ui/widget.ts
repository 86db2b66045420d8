'use client';

// A client module: browser code whatever imports it.
export async function loadWidget(): Promise<unknown> {
  return (await fetch('/api/widget')).json();
}
