import OpenAI from 'openai';

const openai = new OpenAI();

// An embeddings request per text: flagged (the API takes them all at once)
export async function embed(texts: string[]): Promise<number[][]> {
  const vectors: number[][] = [];
  for (const text of texts) {
    const response = await openai.embeddings.create({ model: 'text-embedding-3-small', input: text }); // expect: n-plus-one
    vectors.push(response.data[0]!.embedding);
  }
  return vectors;
}

// One request with every text: not flagged
export async function embedBatched(texts: string[]): Promise<number[][]> {
  const response = await openai.embeddings.create({ model: 'text-embedding-3-small', input: texts });
  return response.data.map((item) => item.embedding);
}

// A completion per ticket: flagged
export async function summarise(tickets: string[]): Promise<string[]> {
  const summaries: string[] = [];
  for (const ticket of tickets) {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: ticket }] }); // expect: n-plus-one
    summaries.push(completion.choices[0]?.message.content ?? '');
  }
  return summaries;
}

// The client bounds every request by default (10 minutes): no missing timeout, unlike fetch's
export async function answer(question: string): Promise<string> {
  const response = await openai.responses.create({ model: 'gpt-4o-mini', input: question });
  return response.output_text;
}

export async function audit(): Promise<Response> {
  return fetch('https://audit.example.com/'); // expect: missing-timeout
}
