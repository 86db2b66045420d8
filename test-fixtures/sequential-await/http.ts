import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { request } from 'undici';

const API = 'https://api.example.com';
const api = axios.create({ baseURL: API, timeout: 5_000 });

type Profile = { id: string; name: string; teamId: string };
type Team = { id: string; name: string };
type Flags = Record<string, boolean>;

// two independent fetch GETs: flagged
export async function getDashboard(userId: string) {
  const profileRes = await fetch(`${API}/users/${userId}`);
  const flagsRes = await fetch(`${API}/flags`); // expect: sequential-await
  return { profile: (await profileRes.json()) as Profile, flags: (await flagsRes.json()) as Flags };
}

// two independent axios.get calls destructuring data: flagged
export async function getTeamPage(userId: string, teamId: string) {
  const { data: profile } = await axios.get<Profile>(`${API}/users/${userId}`);
  const { data: team } = await axios.get<Team>(`${API}/teams/${teamId}`); // expect: sequential-await
  return { profile, team };
}

// three independent GETs on an axios.create instance: one finding, on the second
export async function getSettings(userId: string) {
  const profile = await api.get<Profile>(`/users/${userId}`);
  const flags = await api.get<Flags>('/flags'); // expect: sequential-await
  const teams = await api.get<Team[]>('/teams');
  return { profile: profile.data, flags: flags.data, teams: teams.data };
}

// two independent got GETs: flagged
export async function getCatalog() {
  const products: Array<{ sku: string }> = await got.get(`${API}/products`).json<Array<{ sku: string }>>();
  const categories: string[] = await got.get(`${API}/categories`).json<string[]>(); // expect: sequential-await
  return { products, categories };
}

// two independent undici requests: flagged
export async function getStatusPage() {
  const { statusCode: apiStatus } = await request(`${API}/health`);
  const { statusCode: cdnStatus } = await request('https://cdn.example.com/health'); // expect: sequential-await
  return { api: apiStatus === 200, cdn: cdnStatus === 200 };
}

// two independent ky GETs: flagged
export async function getWeather(city: string) {
  const current = await ky.get(`${API}/weather/${city}`).json<{ temp: number }>();
  const alerts = await ky.get(`${API}/alerts`, { searchParams: { city } }).json<string[]>(); // expect: sequential-await
  return { temp: current.temp, alerts };
}

// second URL uses the first response's team id: silent
export async function getProfileTeam(userId: string) {
  const { data: profile } = await axios.get<Profile>(`${API}/users/${userId}`);
  const { data: team } = await axios.get<Team>(`${API}/teams/${profile.teamId}`);
  return team;
}

// fetch, its body, then a GET built from the body: silent
export async function getTeamOfUser(userId: string) {
  const res = await fetch(`${API}/users/${userId}`);
  const profile = (await res.json()) as Profile;
  const teamRes = await fetch(`${API}/teams/${profile.teamId}`);
  return teamRes.status;
}

// second await is a write (axios.post): silent
export async function syncProfile(userId: string) {
  const { data: profile } = await api.get<Profile>(`/users/${userId}`);
  const { data: receipt } = await axios.post<{ ok: boolean }>(`${API}/audit`, { userId, at: Date.now() });
  return { profile, receipt };
}

// first await is a write (got.post): silent
export async function submitAndList(payload: { sku: string }) {
  const created = await got.post(`${API}/products`, { json: payload }).json<{ sku: string }>();
  const products = await got.get(`${API}/products`).json<Array<{ sku: string }>>();
  return { created, products };
}

// a write (ky.post) between two GETs: silent
export async function pingAndRead(city: string) {
  const current = await ky.get(`${API}/weather/${city}`).json<{ temp: number }>();
  await ky.post(`${API}/events`, { json: { type: 'weather-viewed', city } });
  const alerts = await ky.get(`${API}/alerts`).json<string[]>();
  return { current, alerts };
}

// requests whose options the code does not spell out may be writes (any method): silent
export async function replay(first: RequestInit, second: RequestInit) {
  const a = await fetch(`${API}/replay/a`, first);
  const b = await fetch(`${API}/replay/b`, second);
  return [a.status, b.status];
}

// a method held in a variable may be a write: silent
export async function call(method: string) {
  const a = await fetch(`${API}/resource`, { method });
  const b = await fetch(`${API}/other`, { ...{ method } });
  return [a.status, b.status];
}
