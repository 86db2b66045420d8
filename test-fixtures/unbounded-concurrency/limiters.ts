import async from 'async';
import { eachLimit, mapLimit } from 'async';
import Bottleneck from 'bottleneck';
import ky from 'ky';
import pLimit from 'p-limit';
import pMap from 'p-map';
import PQueue from 'p-queue';
import { crm, type Customer } from './clients';

const limit = pLimit(8);
const queue = new PQueue({ concurrency: 8 });
const limiter = new Bottleneck({ maxConcurrent: 8, minTime: 50 });

// p-limit around each request: silent
export async function sendLimited(customers: Customer[]): Promise<void> {
  await Promise.all(customers.map((customer) => limit(() => crm.post('/welcome', { email: customer.email }))));
}

// p-limit's own map: silent
export async function profilesLimited(customerIds: string[]): Promise<unknown[]> {
  return limit.map(customerIds, (id) => ky.get(`https://profiles.example.com/${id}`).json());
}

// p-map with a concurrency option: silent
export async function profilesMapped(customerIds: string[]): Promise<unknown[]> {
  return pMap(customerIds, (id) => ky.get(`https://profiles.example.com/${id}`).json(), { concurrency: 8 });
}

// p-queue add per element: silent
export async function queued(customers: Customer[]): Promise<void> {
  await Promise.all(customers.map((customer) => queue.add(() => crm.post('/sync', { id: customer.id }))));
}

// Bottleneck schedule per element: silent
export async function throttled(customers: Customer[]): Promise<void> {
  await Promise.all(customers.map((customer) => limiter.schedule(() => crm.post('/sync', { id: customer.id }))));
}

// async's mapLimit and eachLimit: silent
export async function viaAsync(customerIds: string[]): Promise<void> {
  await mapLimit(customerIds, 4, async (id: string) => ky.get(`https://profiles.example.com/${id}`).json());
  await eachLimit(customerIds, 4, async (id: string) => {
    await ky.delete(`https://profiles.example.com/${id}`);
  });
  await async.mapLimit(customerIds, 4, async (id: string) => crm.get(`/contacts/${id}`));
}

// p-map without a concurrency option runs every mapper at once, inside an outer fan-out: flagged
export async function perTeam(teams: { memberIds: string[] }[]): Promise<void> {
  await Promise.all(teams.map((team) => pMap(team.memberIds, (id) => crm.post(`/members/${id}/touch`)))); // expect: unbounded-concurrency
}

// the same with a concurrency option: silent
export async function perTeamBounded(teams: { memberIds: string[] }[]): Promise<void> {
  for (const team of teams) {
    await pMap(team.memberIds, (id) => crm.post(`/members/${id}/touch`), { concurrency: 4 });
  }
}
