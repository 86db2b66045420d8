import { Worker, type Job } from 'bullmq';
import fs from 'node:fs';
import crypto from 'node:crypto';

function renderInvoice(id: string): string {
  return fs.readFileSync(`invoices/${id}.html`, 'utf8'); // expect: blocking-call
}

// A BullMQ worker runs its processor once per job: what the processor calls runs per job.
export const invoices = new Worker('invoices', async (job: Job<{ id: string }>) => renderInvoice(job.data.id), { connection: { host: 'redis' } });

function hashExport(data: string): string {
  return crypto.pbkdf2Sync(data, 'salt', 100_000, 64, 'sha512').toString('hex'); // expect: blocking-call
}

// A processor declared on its own and handed to the worker by name.
async function processExport(job: Job<string>): Promise<string> {
  return hashExport(job.data);
}
export const exportWorker = new Worker('exports', processExport, { connection: { host: 'redis' } });

// Synchronous, and handed to no worker: not a finding.
export function archiveLog(name: string): Buffer {
  return fs.readFileSync(`logs/${name}`);
}
