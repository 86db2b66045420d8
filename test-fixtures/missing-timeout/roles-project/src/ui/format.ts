// Imported only by browser code: it runs in the browser.
export function formatPrice(amount: number): string {
  return amount.toFixed(2);
}

export async function loadLocale(): Promise<unknown> {
  return (await fetch('/locales/en.json')).json();
}
