import http from 'node:http';
import https from 'node:https';

// node:http(s) clients set no timeout: a request waits until the socket dies.

// https.get with a URL and a callback: flagged (no fix: a signal would need an error handler)
export function checkStatusPage(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    https.get(url, (response) => resolve(response.statusCode ?? 0)).on('error', reject); // expect: missing-timeout
  });
}

// http.request with options without timeout: flagged
export function postWebhook(payload: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: 'hooks.internal', path: '/events', method: 'POST' }, (response) => resolve(response.statusCode ?? 0)); // expect: missing-timeout
    req.on('error', reject);
    req.end(payload);
  });
}

// https.request with a timeout option: silent
export function pingPartner(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: 'partner.example.com', path: '/ping', timeout: 2_000 }, (response) => resolve(response.statusCode ?? 0));
    req.on('timeout', () => req.destroy(new Error('partner timed out')));
    req.on('error', reject);
    req.end();
  });
}

// a request bounded by req.setTimeout on the returned request: silent
export function loadLicense(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, (response) => resolve(response.statusCode ?? 0));
    req.setTimeout(2_000, () => req.destroy(new Error('license server timed out')));
    req.on('error', reject);
  });
}
