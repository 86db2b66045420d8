import express, { type Request, type Response } from 'express';
import fs from 'node:fs';
import crypto from 'node:crypto';

const app = express();

function readReport(name: string): string {
  return fs.readFileSync(`reports/${name}.csv`, 'utf8'); // expect: blocking-call
}

// A route callback: its parameters are typed by Express, from the call.
app.get('/reports/:name', (req, res) => {
  res.send(readReport(req.params['name'] ?? ''));
});

// A handler declared on its own, typed with Express's Request.
export function download(req: Request, res: Response): void {
  res.send(fs.readFileSync(`files/${String(req.query['file'])}`)); // expect: blocking-call
}

// Called at start-up only (module level): not a finding.
function loadBanner(): string {
  return fs.readFileSync('banner.txt', 'utf8');
}
const banner = loadBanner();
app.get('/', (_req, res) => {
  res.send(banner);
});

// Synchronous, and reached by no handler.
export function signingKey(secret: string): Buffer {
  return crypto.scryptSync(secret, 'salt', 32);
}
