export async function sendMail(to: string, subject: string): Promise<void> {
  await fetch('https://mail.example.com/send', { method: 'POST', body: JSON.stringify({ to, subject }), signal: AbortSignal.timeout(5_000) });
}
