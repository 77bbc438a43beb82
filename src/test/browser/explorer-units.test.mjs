// Unit tests of the explorer's pure parts, run with `node --test` by explorer/ExplorerScriptsTest
// (which copies the page's modules beside this file, under explorer/).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError, api, query } from './explorer/api.js';
import { histogramRange, localDate, periods, stacks } from './explorer/histogram.js';
import { SseParser } from './explorer/live.js';

test('the stream parser joins pieces cut anywhere and skips heartbeats', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.push(': heartbeat\n\nid: 18'), []);
  assert.deepEqual(parser.push('43\nevent: created\ndata: {"data":'), []);
  assert.deepEqual(parser.push('{"id":"1"}}\n\nid:44\r\nevent:deleted\r\ndata:{}\r\n\r\n'), [
    { id: '1843', event: 'created', data: '{"data":{"id":"1"}}' },
    { id: '44', event: 'deleted', data: '{}' },
  ]);
  assert.deepEqual(parser.push('data: a\ndata:  b\n\n'), [{ id: null, event: 'message', data: 'a\n b' }]);
  assert.deepEqual(parser.push('event: end\ndata: {"errors":[{"code":"service_stopping"}]}\n'), [], 'not whole yet');
  assert.deepEqual(parser.push('\n'), [{ id: null, event: 'end', data: '{"errors":[{"code":"service_stopping"}]}' }]);
});

test('query strings: flags without a value, empty values left out, values encoded', () => {
  assert.equal(query({ 'filter[name]': 'a,b', 'page[totals]': true, 'filter[prefix]': '', sort: null, x: false }),
    'filter[name]=a%2Cb&page[totals]');
  assert.equal(query({ 'filter[eventAt]': '2026-11-01T00:00:00.000Z..inf' }), 'filter[eventAt]=2026-11-01T00%3A00%3A00.000Z..inf');
  assert.equal(query({ 'filter[prospect][id]': 'a+b&c=d' }), 'filter[prospect][id]=a%2Bb%26c%3Dd');
});

/**
 * A fetch that never answers, as a service that hangs: it only ends when its signal aborts. Its
 * connection is a timer that keeps node running (AbortSignal.timeout's own timer does not).
 */
function hangingFetch(calls) {
  return (url, init) => new Promise((resolve, reject) => {
    calls.push(url);
    const connection = setTimeout(() => reject(new Error('the signal never aborted')), 10_000);
    init.signal.addEventListener('abort', () => {
      clearTimeout(connection);
      reject(init.signal.reason);
    });
  });
}

test('a request with no answer ends as an error of its own after its time, not a wait for ever', async (t) => {
  const calls = [];
  t.mock.method(globalThis, 'fetch', hangingFetch(calls));
  const started = Date.now();
  await assert.rejects(api('/events?page[size]=100', { timeoutMs: 50 }), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 0);
    assert.equal(e.errors[0].title, 'The service did not answer');
    assert.equal(e.errors[0].detail, 'No answer within 0.05 s.');
    return true;
  });
  assert.ok(Date.now() - started < 5_000);
  assert.deepEqual(calls, ['/events?page[size]=100']);
});

test('a request its caller aborts ends as the abort, not as an error to show', async (t) => {
  t.mock.method(globalThis, 'fetch', hangingFetch([]));
  const caller = new AbortController();
  const answer = api('/events', { signal: caller.signal, timeoutMs: 60_000 });
  caller.abort();
  await assert.rejects(answer, (e) => e.name === 'AbortError');
});

test('calendar dates are the zone\'s', () => {
  assert.equal(localDate('2026-11-30T23:30:00Z', 'Europe/Paris'), '2026-12-01');
  assert.equal(localDate('2026-11-30T23:30:00Z', 'America/New_York'), '2026-11-30');
  assert.equal(localDate('2026-11-30T20:00:00Z', 'Asia/Kolkata'), '2026-12-01');
});

test('periods: every day across a change of summer time, weeks from Monday, months across a year', () => {
  assert.deepEqual(periods('day', '2026-10-23T22:00:00Z', '2026-10-26T22:59:00Z', 'Europe/Paris'),
    ['2026-10-24', '2026-10-25', '2026-10-26']);
  assert.deepEqual(periods('week', '2026-11-05T12:00:00Z', '2026-11-20T12:00:00Z', 'UTC'), ['2026-11-02', '2026-11-09', '2026-11-16']);
  assert.deepEqual(periods('month', '2026-11-15T00:00:00Z', '2027-02-01T00:00:00Z', 'UTC'), ['2026-11', '2026-12', '2027-01', '2027-02']);
});

test('the histogram covers the search, or up to 90 days back to the oldest event', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');
  assert.equal(histogramRange(null, null, null, null, now), null);
  assert.deepEqual(histogramRange(null, null, '2026-12-05T10:00:00Z', null, now),
    { from: '2026-09-07T10:00:00.000Z', to: '2026-12-05T12:00:01.000Z', period: 'day' });
  assert.deepEqual(histogramRange(null, null, '2026-12-05T10:00:00Z', '2026-11-01T08:00:00Z', now),
    { from: '2026-11-01T08:00:00.000Z', to: '2026-12-05T12:00:01.000Z', period: 'day' });
  assert.equal(histogramRange('2026-01-01T00:00:00Z', '2026-08-01T00:00:00Z', null, null, now).period, 'week');
  assert.equal(histogramRange('2023-01-01T00:00:00Z', '2026-08-01T00:00:00Z', null, null, now).period, 'month');
});

test('stacks: empty periods kept, names ranked by their totals', () => {
  const group = (day, name, count) => ({ attributes: { day, name, count } });
  const { byPeriod, ranked, ordered } = stacks([group('2026-11-02', 'b', 1), group('2026-11-02', 'a', 2), group('2026-11-03', 'b', 5)],
    'day', ['2026-11-01', '2026-11-02', '2026-11-03']);
  assert.deepEqual(ordered, ['2026-11-01', '2026-11-02', '2026-11-03']);
  assert.equal(byPeriod.get('2026-11-01').size, 0);
  assert.deepEqual(ranked, [['b', 6], ['a', 2]]);
});
