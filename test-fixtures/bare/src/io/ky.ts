import ky from 'ky';

export async function load(url: string) {
  await ky.get(url); // io: ky read
  await ky.post(url, { json: {} }); // io: ky write
}
