// A value of its own named `document` is not the browser's: still server code.
export function preprocess(source: string, document: { querySelectorAll(selector: string): unknown[] } = { querySelectorAll: () => [source] }): number {
  return document.querySelectorAll('img').length;
}

export async function fetchTemplate(): Promise<string> {
  return (await fetch('https://templates.example.com/page.html')).text(); // expect: missing-timeout
}
