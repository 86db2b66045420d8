// HTTP clients shared by the fixtures, each with a timeout so only the fan-out is at stake.
import axios from 'axios';
import got from 'got';
import { Pool } from 'undici';

export const crm = axios.create({ baseURL: 'https://crm.example.com', timeout: 5000 });
export const loyalty = got.extend({ prefixUrl: 'https://loyalty.example.com', timeout: { request: 5000 } });
export const shipping = new Pool('https://shipping.example.com', { headersTimeout: 5000, bodyTimeout: 5000 });

export interface Customer {
  id: string;
  email: string;
  avatarUrl: string;
}

export interface Request<Body> {
  body: Body;
  params: Record<string, string>;
}

/** A project helper that calls HTTP: what it does is known from its summary, not its name. */
export async function pushToCrm(customer: Customer): Promise<void> {
  await crm.put(`/contacts/${customer.id}`, { email: customer.email });
}

/** Reaches HTTP through another helper. */
export async function syncCustomer(customer: Customer): Promise<string> {
  await pushToCrm(customer);
  return customer.id;
}
