// Loads a page from one origin in headless Chromium and calls the event store's API (another
// origin) from it with fetch, as a CRM front end would. Prints one JSON object of what the page saw.
// Usage: node cors-check.mjs '{"page": "http://127.0.0.1:P/", "api": "http://localhost:Q", "token": "..."}'
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM } from './chromium.mjs';

const { page: pageUrl, api, token } = JSON.parse(process.argv[2]);
const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cors-')), CHROMIUM);
try {
  const page = browser.pages()[0] ?? await browser.newPage();
  await page.goto(pageUrl);
  const seen = await page.evaluate(async ({ api, token }) => {
    const auth = { Authorization: `Bearer ${token}` };
    const jsonApi = 'application/vnd.api+json';
    const outcome = async (call) => {
      try {
        const response = await call();
        const h = (name) => response.headers.get(name);
        return {
          status: response.status, location: h('Location'), remaining: h('X-RateLimit-Remaining'),
          requestId: h('X-Request-Id'), replayed: h('Idempotent-Replayed'), body: await response.text(),
        };
      } catch (e) {
        return { blocked: String(e) };
      }
    };
    const key = `browser-${Date.now()}`;
    const post = () => fetch(`${api}/events`, {
      method: 'POST', headers: { ...auth, 'Content-Type': jsonApi, 'Idempotency-Key': key, Accept: jsonApi },
      body: JSON.stringify({ data: { type: 'event', attributes: { name: 'opened_in_a_browser' } } }),
    });
    return {
      origin: location.origin,
      list: await outcome(() => fetch(`${api}/events?page[size]=1`, { headers: { ...auth, Accept: jsonApi } })),
      created: await outcome(post),
      replayed: await outcome(post),
    };
  }, { api, token });
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
