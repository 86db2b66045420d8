// In a test folder: setup code, not analysed by default.
export async function seed(ids: string[]): Promise<void> {
  for (const id of ids) await fetch(`https://api.example.com/seed/${id}`, { method: 'POST', signal: AbortSignal.timeout(1000) });
}
