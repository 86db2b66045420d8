import ky from 'ky';

// ky times out after 10 s by default, a safe default: silent.

// ky.get with no options: silent
export async function loadAnnouncements(): Promise<unknown> {
  return ky.get('https://news.example.com/announcements').json();
}

// ky.post with options without timeout: silent
export async function sendFeedback(text: string): Promise<void> {
  await ky.post('https://feedback.example.com/entries', { json: { text } });
}
