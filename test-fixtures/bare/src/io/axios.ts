import axios from 'axios';

const api = axios.create({ baseURL: 'https://api.example.com', timeout: 1000 });

export async function load(id: string) {
  await axios.get(`https://example.com/${id}`, { timeout: 1000 }); // io: axios read
  await api.post('/events', { id }); // io: axios write
}
