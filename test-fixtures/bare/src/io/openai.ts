import OpenAI from 'openai';

const openai = new OpenAI();

export async function load(text: string) {
  await openai.chat.completions.create({ model: 'm', messages: [] }); // io: OpenAI read
  await openai.embeddings.create({ model: 'm', input: text }); // io: OpenAI read
  await openai.responses.create({ model: 'm', input: text }); // io: OpenAI read
}
