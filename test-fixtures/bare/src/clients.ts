import http from 'node:http';
import https from 'node:https';

/** A client typed with an `import()` type of a package that is not installed. */
export class TagCache {
  constructor(private readonly client: import('ioredis').Redis) {}

  async keysOf(tags: string[]) {
    return Promise.all(tags.map((tag) => this.client.smembers(tag))); // expect: n-plus-one
  }
}

// Either module's `get`: one library's member both ways.
export function fetchAll(urls: URL[]) {
  for (const url of urls) {
    const get = url.protocol === 'https:' ? https.get : http.get;
    get(url, { timeout: 1000 }, () => undefined); // expect: n-plus-one
  }
}
