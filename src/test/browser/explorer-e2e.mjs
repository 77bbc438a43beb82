// The explorer end to end in headless Chromium, as a user works it: token entry (a wrong one first),
// a prospect's timeline paged to the end by scrolling, a new event posted by this script appearing
// live, the stream cut and resumed by itself with nothing lost, the histogram, an event's detail by
// keyboard, the catalog of names, an API error, the rate limit, and an axe-core audit of each view.
// Screenshots of each view go to config.screenshots. Assertions fail the script (exit 1); it prints
// one JSON object of what it measured last.
//
// Usage: node explorer-e2e.mjs '{"api": "http://localhost:P", "token": "...", "tinyToken": "...",
//   "prospect": "...", "expectedIds": [...], "names": {"name": count}, "errors": {...}, "screenshots": "docs"}'
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { CHROMIUM } from './chromium.mjs';

const config = JSON.parse(process.argv[2]);
const JSON_API = 'application/vnd.api+json';
const measured = {};
const problems = []; // errors the page itself raised (exceptions, CSP refusals)

/** A TCP proxy in front of the service: the browser goes through it, and the test can cut its connections. */
function proxy(port) {
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', close);
      socket.on('close', close);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: server.address().port,
    cut: () => sockets.forEach((socket) => socket.destroy()),
    close: () => new Promise((done) => { sockets.forEach((s) => s.destroy()); server.close(done); }),
  })));
}

/** POST /events straight to the service (not through the browser): what an email server does. */
async function post(name, extra = {}) {
  const response = await fetch(`${config.api}/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': JSON_API, Accept: JSON_API },
    body: JSON.stringify({ data: { type: 'event', attributes: { name, payload: { via: 'e2e', ...extra } },
      relationships: { prospect: { data: { type: 'prospect', id: config.prospect } } } } }),
  });
  const text = await response.text();
  assert.equal(response.status, 201, text);
  return JSON.parse(text).data.id;
}

async function change(method, id, body) {
  const response = await fetch(`${config.api}/events/${id}`, {
    method, body: body && JSON.stringify(body),
    headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': JSON_API, Accept: JSON_API },
  });
  assert.ok(response.ok, await response.text());
}

/** Polls a condition on the stored state until it holds (at most 20 s): no fixed waits. */
async function until(condition, what) {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    assert.ok(Date.now() < deadline, `${what} within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function read(path) {
  const response = await fetch(`${config.api}${path}`, { headers: { Authorization: `Bearer ${config.token}`, Accept: JSON_API } });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text);
}

const axeSource = readFileSync(join(config.tools, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's audit of what is on screen (WCAG 2 A and AA, contrast included): serious or critical findings fail. */
async function audit(page, view) {
  await page.evaluate(axeSource); // through the DevTools protocol: the page's CSP does not apply
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  const findings = result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, example: v.nodes[0]?.target }));
  measured.axe = { ...measured.axe, [view]: { passes: result.passes.length, violations: findings } };
  const serious = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  assert.deepEqual(serious, [], `${view}: accessibility violations ${JSON.stringify(serious)}`);
}

async function shoot(page, name, target) {
  const path = join(config.screenshots, `explorer-${name}.png`);
  await (target ?? page).screenshot({ path });
  measured.screenshots = [...(measured.screenshots ?? []), path];
}

/** The page's requests, newest last: printed when the script fails, with those still unanswered. */
const requests = [];

function watch(page) {
  page.on('request', (request) => {
    const entry = { page, request, method: request.method(), url: request.url().replace(/^https?:\/\/[^/]+/, ''), at: Date.now() };
    requests.push(entry);
    if (requests.length > 200) requests.shift();
  });
  const done = (request, outcome) => {
    const entry = requests.find((e) => e.request === request);
    if (entry) Object.assign(entry, { ms: Date.now() - entry.at }, outcome);
  };
  page.on('requestfinished', async (request) => done(request, { status: (await request.response().catch(() => null))?.status() }));
  page.on('requestfailed', (request) => done(request, { failure: request.failure()?.errorText }));
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  page.on('console', (m) => {
    // the browser logs each non-2xx answer as "Failed to load resource": those are the API's errors the test provokes
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
}

const rows = (page) => page.locator('#timeline > li');
const activeRowId = (page) => page.evaluate(() => document.activeElement?.closest('li')?.dataset.id ?? null);

const front = await proxy(Number(new URL(config.api).port));
const origin = `http://127.0.0.1:${front.port}`;
const browser = await chromium.launch(CHROMIUM);
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB', timezoneId: 'Europe/Paris' });
  page = await context.newPage();
  watch(page);
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => e.duration)))
      .observe({ type: 'longtask', buffered: true });
  });

  // 1. the page loads without a token, asks for one, and keeps it out of URLs and cookies
  const loaded = await page.goto(`${origin}/explorer`);
  assert.equal(loaded.status(), 200);
  assert.match(loaded.headers()['content-security-policy'], /script-src 'self'/);
  await page.waitForSelector('#token-view:not([hidden])');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'token', 'the token field has the focus');
  await audit(page, 'token');
  await shoot(page, 'token');

  await page.keyboard.type('evs_not-a-token');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#errors .error');
  const refused = await page.textContent('#errors');
  assert.ok(refused.includes(config.errors.unauthorized.title) && refused.includes(config.errors.unauthorized.detail), refused);
  assert.ok(await page.isVisible('#token-view'), 'still asking for a token');

  await page.fill('#token', '');
  await page.focus('#token');
  await page.keyboard.type(config.token);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#app-view:not([hidden])');
  assert.equal(await page.textContent('#errors'), '', 'the earlier error is cleared');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'not kept unless asked');
  assert.deepEqual(await context.cookies(), [], 'no cookie');
  assert.ok(!page.url().includes(config.token), 'no token in the URL');

  // 2. the timeline: newest first, paged by scrolling to its end, every event once in the listing's order
  await page.focus('#rel-id');
  await page.keyboard.type(config.prospect);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#timeline > li');
  await page.waitForFunction(() => document.getElementById('live').dataset.state === 'live');
  assert.ok(!page.url().includes(config.token), 'no token in the URL');
  assert.match(await page.textContent('#timeline-summary'), new RegExp(`of ${config.expectedIds.length.toLocaleString('en')} events`));
  await page.evaluate(() => { window.longTasks = []; });
  const started = Date.now();
  // the count is read once a turn: the page may load a page more by itself between two reads
  for (let shownRows = await rows(page).count(); shownRows < config.expectedIds.length; shownRows = await rows(page).count()) {
    await page.locator('#timeline-end').scrollIntoViewIfNeeded();
    await page.waitForFunction((n) => document.querySelectorAll('#timeline > li').length > n, shownRows, { timeout: 15_000 });
  }
  measured.fullTimelineMs = Date.now() - started;
  await page.waitForSelector('#more', { state: 'hidden' });
  assert.equal(await page.textContent('#timeline-state'), 'The end of the timeline.');
  const shown = await page.$$eval('#timeline > li', (items) => items.map((item) => item.dataset.id));
  assert.deepEqual(shown, config.expectedIds, 'every event once, in the listing\'s order');
  // scrolling through all of it: frames longer than 50 ms would be visible as jank
  measured.scroll = await page.evaluate(async () => {
    window.scrollTo(0, 0);
    const frames = [];
    let last = performance.now();
    while (window.scrollY + window.innerHeight < document.body.scrollHeight - 2) {
      window.scrollBy(0, 600);
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    frames.sort((a, b) => a - b);
    return { frames: frames.length, medianMs: frames[Math.floor(frames.length / 2)], maxMs: frames.at(-1), over50ms: frames.filter((f) => f > 50).length };
  });
  measured.longTasks = await page.evaluate(() => ({ count: window.longTasks.length, maxMs: Math.max(0, ...window.longTasks) }));
  measured.rows = shown.length;

  // 3. live: an event posted now appears at the top, marked new, without a reload
  await page.evaluate(() => window.scrollTo(0, 0));
  const liveId = await post('live_check', { step: 'live' });
  await page.waitForSelector(`#timeline > li[data-id="${liveId}"].fresh`, { timeout: 10_000 });
  assert.equal(await rows(page).first().getAttribute('data-id'), liveId, 'the newest event is on top');
  assert.match(await page.textContent('#timeline-summary'), new RegExp(`of ${(config.expectedIds.length + 1).toLocaleString('en')} events`));
  measured.liveId = liveId;

  // 4. the stream cut: the page says so, reconnects by itself from the last position, and misses nothing
  front.cut();
  const resumeId = await post('resume_check', { step: 'resume' });
  await page.waitForFunction(() => document.getElementById('live').dataset.state !== 'live', null, { timeout: 10_000 });
  measured.stateAfterCut = await page.getAttribute('#live', 'data-state');
  await page.waitForSelector(`#timeline > li[data-id="${resumeId}"]`, { timeout: 20_000 });
  await page.waitForFunction(() => document.getElementById('live').dataset.state === 'live');
  let ids = await page.$$eval('#timeline > li', (items) => items.map((item) => item.dataset.id));
  assert.equal(new Set(ids).size, ids.length, 'no event twice');
  assert.deepEqual(ids.slice(0, 2), [resumeId, liveId]);
  measured.resumeId = resumeId;

  // 5. changes and deletions show too; paused, nothing arrives, and resuming catches up from where it was
  await change('PATCH', liveId, { data: { type: 'event', id: liveId, attributes: { name: 'live_renamed' } } });
  await page.waitForFunction((id) => document.querySelector(`#timeline > li[data-id="${id}"] .name`)?.firstChild.textContent === 'live_renamed',
    liveId, { timeout: 10_000 });
  const doomedId = await post('doomed_check');
  await page.waitForSelector(`#timeline > li[data-id="${doomedId}"]`, { timeout: 10_000 });
  await change('DELETE', doomedId);
  await page.waitForSelector(`#timeline > li[data-id="${doomedId}"]`, { state: 'detached', timeout: 10_000 });
  await page.click('#live-toggle');
  assert.equal(await page.getAttribute('#live', 'data-state'), 'paused');
  const pausedFrom = Number((await read('/events?page%5Bsize%5D=1')).meta.feedPosition);
  const pausedId = await post('paused_check');
  // the change is in the feed (positioned) while the page holds no stream: it cannot have arrived
  await until(async () => Number((await read('/events?page%5Bsize%5D=1')).meta.feedPosition) > pausedFrom, 'the change positioned');
  assert.equal(await page.locator(`#timeline > li[data-id="${pausedId}"]`).count(), 0, 'nothing arrives while paused');
  await page.click('#live-toggle');
  await page.waitForSelector(`#timeline > li[data-id="${pausedId}"]`, { timeout: 10_000 });
  Object.assign(measured, { doomedId, pausedId });
  const total = config.expectedIds.length + 3;
  assert.equal(await rows(page).count(), total);
  assert.match(await page.textContent('#timeline-summary'), new RegExp(`${total.toLocaleString('en')} of ${total.toLocaleString('en')} events`));
  await shoot(page, 'timeline');

  // 6. the histogram: the counts of the search, per day and name, in the browser's zone
  const bars = await page.$$eval('#histogram rect', (rects) => rects.map((r) => ({ name: r.dataset.name, count: Number(r.dataset.count) })));
  const perName = {};
  for (const bar of bars) perName[bar.name] = (perName[bar.name] ?? 0) + bar.count;
  assert.deepEqual(perName, config.names, 'the bars add up to each name\'s events');
  assert.equal(Number(await page.getAttribute('#histogram', 'data-total')), config.expectedIds.length);
  assert.match(await page.textContent('#histogram-caption'), /Europe\/Paris/);
  await page.click('#histogram summary');
  assert.equal(await page.locator('#histogram-table tbody tr').count(), bars.length, 'a table row per bar');
  await page.click('#histogram summary');
  await shoot(page, 'histogram', page.locator('#histogram'));

  // 7. an event's detail, by keyboard: arrows between rows, Enter opens it, Escape goes back
  ids = await page.$$eval('#timeline > li', (items) => items.map((item) => item.dataset.id));
  await page.locator('#timeline .event-row').first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await activeRowId(page), ids[2]);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#detail-body pre.payload');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'detail', 'the detail has the focus');
  const stored = await read(`/events/${ids[2]}`);
  assert.equal(await page.textContent('#detail-title'), stored.data.attributes.name);
  assert.deepEqual(JSON.parse(await page.textContent('#detail-body pre.payload')), stored.data.attributes.payload);
  assert.ok((await page.textContent('#detail-body')).includes(config.prospect), 'its relationships');
  await audit(page, 'timeline');
  await shoot(page, 'detail');
  await page.keyboard.press('Escape');
  assert.equal(await activeRowId(page), ids[2], 'back on the row');

  // 8. the catalog of names: counts (kept from the feed, so polled), properties, and back to a timeline
  await page.click('#tab-names');
  const expectedNames = { ...config.names, live_renamed: 1, resume_check: 1, paused_check: 1 };
  const catalogue = async () => Object.fromEntries(await page.$$eval('#names-table tbody tr',
    (trs) => trs.map((tr) => [tr.dataset.name, Number(tr.cells[1].textContent.replace(/\D/g, ''))])));
  const same = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
  // the catalog follows the feed about half a second behind: once the API shows every name, the page must too
  await until(async () => same(Object.fromEntries((await read('/event-names?page%5Bsize%5D=100')).data
    .map((n) => [n.id, n.attributes.count])), expectedNames), 'the catalog caught up');
  await page.click('#names-search button[type="submit"]');
  await page.waitForFunction((expected) => {
    const shown = Object.fromEntries([...document.querySelectorAll('#names-table tbody tr')]
      .map((tr) => [tr.dataset.name, Number(tr.cells[1].textContent.replace(/\D/g, ''))]));
    return JSON.stringify(Object.entries(shown).sort()) === JSON.stringify(Object.entries(expected).sort());
  }, expectedNames, { timeout: 10_000 });
  assert.deepEqual(await catalogue(), expectedNames);
  const top = Object.entries(config.names).sort((a, b) => b[1] - a[1])[0][0];
  await page.click(`#names-table tr[data-name="${top}"] button`);
  await page.waitForSelector('#name-detail-body table.properties');
  const properties = await page.$$eval('#name-detail-body table.properties tbody tr', (trs) => trs.map((tr) => tr.cells[0].textContent));
  const catalogued = (await read(`/event-names/${encodeURIComponent(top)}`)).data.attributes.properties;
  assert.deepEqual([...new Set(properties)].sort(), Object.keys(catalogued).sort());
  await audit(page, 'catalog');
  await shoot(page, 'catalog');
  await page.click('#name-detail-body button.primary');
  await page.waitForFunction((n) => document.querySelectorAll('#timeline > li').length >= Math.min(n, 100) && !document.getElementById('timeline-view').hidden,
    config.names[top]);
  const names = await page.$$eval('#timeline .name', (spans) => [...new Set(spans.map((s) => s.firstChild.textContent))]);
  assert.deepEqual(names, [top], 'the timeline of that name');

  // 9. an API error: a range that ends before it starts, shown with the API's title, detail and parameter
  await page.fill('#names', '');
  await page.fill('#rel-id', config.prospect);
  await page.fill('#from', '2026-11-20T10:00');
  await page.fill('#to', '2026-11-01T10:00');
  await page.click('#search button[type="submit"]');
  await page.waitForSelector('#errors .error');
  const error = await page.textContent('#errors');
  for (const part of [config.errors.badRange.title, config.errors.badRange.detail, config.errors.badRange.parameter]) {
    assert.ok(error.includes(part), `"${part}" in: ${error}`);
  }
  await shoot(page, 'error');
  await page.click('#errors button');

  // 10. the token's budget: shown from the answers' headers, and a 429 shown when it runs out
  const tiny = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB', timezoneId: 'Europe/Paris' });
  const limited = await tiny.newPage();
  watch(limited);
  await limited.goto(`${origin}/explorer#rel=prospect&id=${encodeURIComponent(config.prospect)}`);
  await limited.fill('#token', config.tinyToken);
  await limited.check('#remember');
  await limited.click('#token-form button');
  await limited.waitForSelector('#timeline > li');
  assert.equal(await limited.evaluate(() => sessionStorage.length), 1, 'kept for the tab when asked');
  await limited.reload();
  await limited.waitForSelector('#timeline > li'); // signed in again from sessionStorage, the search from the URL's fragment
  measured.budgetShown = await limited.textContent('#budget');
  assert.match(measured.budgetShown, new RegExp(`Requests left: \\d+ of ${config.tinyBudget}`));
  for (let i = 0; !(await limited.textContent('#errors')).includes('429'); i++) {
    assert.ok(i < config.tinyBudget + 5, 'the budget runs out');
    await limited.locator('#timeline .event-row').nth(i % 5).click();
    await limited.waitForFunction(() => !document.getElementById('detail-body').textContent.startsWith('Loading'));
  }
  assert.equal(await limited.getAttribute('#budget', 'data-state'), 'exhausted');
  assert.match(await limited.textContent('#budget'), /Rate limited: next request in \d+ s/);
  assert.ok((await limited.textContent('#errors')).includes(config.errors.rateLimited.title));
  // a page refused (429) is not asked for again by itself while the end stays in view: no request per
  // frame at a service that refuses; scrolling back or the button asks again
  const pagesAsked = () => requests.filter((e) => e.page === limited && e.url.includes('page%5Bafter%5D')).length;
  await limited.locator('#timeline-end').scrollIntoViewIfNeeded();
  await limited.waitForFunction(() => document.getElementById('errors').textContent.includes('More events could not be read'));
  const asked = pagesAsked();
  await limited.waitForTimeout(1_000); // long enough to see a retry per frame (about 60)
  assert.equal(pagesAsked(), asked, 'the refused page is not asked for again by itself');
  assert.ok(await limited.isVisible('#more'), 'the button to ask again');
  await limited.click('#forget');
  await limited.waitForSelector('#token-view:not([hidden])');
  assert.equal(await limited.evaluate(() => sessionStorage.length), 0, 'forgotten');
  await tiny.close();

  assert.deepEqual(problems, [], 'the page raised no error of its own');
  await context.close();
} catch (e) {
  // what the page looked like when it failed, for whoever reads the test's output
  await page?.screenshot({ path: join(config.tools, 'explorer-failure.png'), fullPage: true }).catch(() => {});
  console.error(`failed; the page is in ${join(config.tools, 'explorer-failure.png')}; problems: ${JSON.stringify(problems)}`);
  const state = await page?.evaluate(() => {
    const text = (id) => document.getElementById(id)?.textContent;
    const end = document.getElementById('timeline-end')?.getBoundingClientRect();
    return {
      rows: document.querySelectorAll('#timeline > li').length, summary: text('timeline-summary'), state: text('timeline-state'),
      errors: text('errors'), live: document.getElementById('live')?.dataset.state, moreHidden: document.getElementById('more')?.hidden,
      scrollY: window.scrollY, viewport: window.innerHeight, height: document.body.scrollHeight, endTop: end?.top,
    };
  }).catch((error) => `unreadable: ${error.message}`);
  console.error(`the page: ${JSON.stringify(state)}`);
  const now = Date.now();
  const shown = requests.slice(-30).map(({ page: _, request, ...e }) => ({ ...e, at: e.at - now, pending: e.ms === undefined || undefined }));
  console.error(`its last requests (at: ms before the failure):\n${shown.map((e) => JSON.stringify(e)).join('\n')}`);
  throw e;
} finally {
  await browser.close();
  await front.close();
}
console.log(JSON.stringify(measured));
