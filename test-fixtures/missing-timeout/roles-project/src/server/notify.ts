// Imported by nothing: an entry point (run by a framework or a loader), production code.
export async function notify(message: string): Promise<void> {
  await fetch('https://hooks.example.com/notify', { method: 'POST', body: message }); // expect: missing-timeout
}
