// The histogram: GET /event-counts grouped by name and period (day, week or month, by the range's
// length) in the browser's time zone, drawn as stacked bars with a table of the same numbers.

import { $, element, numbers } from './api.js';

// Okabe-Ito: colours that stay distinct for colour-blind readers; the other names share grey
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#7a6c00'];
const OTHER_COLOUR = '#8a94a3';
const DAY_MS = 86_400_000;
const SVG = 'http://www.w3.org/2000/svg';

/**
 * The range a histogram covers: the search's own, or else up to 90 days back from its end (or from
 * the newest event), and no further back than the oldest event; null when there is nothing to draw.
 */
export function histogramRange(from, to, newestEventAt, oldestEventAt, now = Date.now()) {
  if (!from && !to && !newestEventAt) return null;
  const end = to ?? new Date(Math.max(now, newestEventAt ? Date.parse(newestEventAt) : 0) + 1000).toISOString();
  const start = from ?? new Date(Math.max(Date.parse(to ?? newestEventAt) - 89 * DAY_MS,
    oldestEventAt ? Date.parse(oldestEventAt) : -Infinity)).toISOString();
  const span = (Date.parse(end) - Date.parse(start)) / DAY_MS;
  const period = span <= 120 ? 'day' : span <= 2 * 366 ? 'week' : 'month';
  return { from: start, to: end, period };
}

/** The calendar date (yyyy-mm-dd) of an instant in a zone. */
export function localDate(iso, zone) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(iso));
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Every period from the one of `from` to the one of `to`, named as the counts name them (weeks by their Monday). */
export function periods(period, from, to, zone) {
  const keys = [];
  const [y, m, d] = localDate(from, zone).split('-').map(Number);
  const last = localDate(to, zone);
  if (period === 'month') {
    for (const date = new Date(Date.UTC(y, m - 1, 1)); keyOf(date, 'month') <= last.slice(0, 7); date.setUTCMonth(date.getUTCMonth() + 1)) {
      keys.push(keyOf(date, 'month'));
    }
    return keys;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (period === 'week') date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7)); // back to Monday
  for (; keyOf(date, 'day') <= last; date.setUTCDate(date.getUTCDate() + (period === 'week' ? 7 : 1))) {
    keys.push(keyOf(date, 'day'));
  }
  return keys;
}

function keyOf(date, period) {
  const iso = date.toISOString();
  return period === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

/** The counts' groups as stacks: each period with its names' counts, and the names ranked by total. */
export function stacks(groups, period, keys) {
  const byPeriod = new Map(keys.map((key) => [key, new Map()]));
  const totals = new Map();
  for (const group of groups) {
    const { name, count } = group.attributes;
    const key = group.attributes[period];
    if (!byPeriod.has(key)) byPeriod.set(key, new Map());
    byPeriod.get(key).set(name, count);
    totals.set(name, (totals.get(name) ?? 0) + count);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const ordered = [...byPeriod.keys()].sort();
  return { byPeriod, ranked, ordered };
}

/** Draws an answer of /event-counts?group=name,{period} into the histogram's elements. */
export function drawHistogram(answer, { period, from, to }, zone) {
  const { byPeriod, ranked, ordered } = stacks(answer.data, period, periods(period, from, to, zone));
  const rank = new Map(ranked.map(([name], index) => [name, index]));
  const colour = (name) => PALETTE[rank.get(name)] ?? OTHER_COLOUR;
  const highest = Math.max(1, ...ordered.map((key) => [...byPeriod.get(key).values()].reduce((a, b) => a + b, 0)));

  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${Math.max(ordered.length * 10, 10)} 100`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Stacked bars of events per period and name; the table below has the numbers');
  ordered.forEach((key, index) => {
    let y = 100;
    const counts = [...byPeriod.get(key).entries()].sort((a, b) => rank.get(a[0]) - rank.get(b[0]));
    for (const [name, count] of counts) {
      const height = (count / highest) * 100;
      y -= height;
      const bar = document.createElementNS(SVG, 'rect');
      for (const [attribute, value] of Object.entries({ x: index * 10 + 1, width: 8, y, height, fill: colour(name) })) {
        bar.setAttribute(attribute, String(value));
      }
      Object.assign(bar.dataset, { period: key, name, count: String(count) });
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${label(key, period)}: ${name} ${numbers.format(count)}`;
      bar.append(title);
      svg.append(bar);
    }
  });
  $('histogram-chart').replaceChildren(svg);
  $('histogram-axis').replaceChildren(
    element('span', {}, label(ordered[0], period)),
    element('span', {}, `highest bar: ${numbers.format(highest)} per ${period}`),
    element('span', {}, label(ordered.at(-1), period)),
  );

  const legend = ranked.slice(0, PALETTE.length).map(([name, count]) => legendItem(colour(name), name, count));
  const others = ranked.slice(PALETTE.length);
  if (others.length) {
    legend.push(legendItem(OTHER_COLOUR, `${others.length} other names`, others.reduce((sum, [, count]) => sum + count, 0)));
  }
  $('histogram-legend').replaceChildren(...legend);

  const rows = [];
  for (const key of ordered) {
    for (const [name, count] of byPeriod.get(key)) {
      const row = element('tr');
      row.append(element('td', {}, label(key, period)), element('td', {}, name), element('td', { class: 'number' }, numbers.format(count)));
      rows.push(row);
    }
  }
  $('histogram-table').tBodies[0].replaceChildren(...rows);
  const total = answer.meta?.total ?? 0;
  $('histogram-caption').textContent = `Events per ${period} by name: ${numbers.format(total)} from `
    + `${label(ordered[0], period)} to ${label(ordered.at(-1), period)} (${zone})`;
  $('histogram').dataset.total = String(total);
  $('histogram').hidden = false;
}

function legendItem(colour, name, count) {
  const item = element('li');
  const swatch = element('span', { class: 'swatch', 'aria-hidden': 'true' });
  swatch.style.background = colour; // CSSOM, which the page's Content-Security-Policy allows
  item.append(swatch, `${name} (${numbers.format(count)})`);
  return item;
}

function label(key, period) {
  if (!key) return '';
  if (period === 'month') {
    return new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${key}-01T00:00:00Z`));
  }
  const day = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
    .format(new Date(`${key}T00:00:00Z`));
  return period === 'week' ? `week of ${day}` : day;
}
