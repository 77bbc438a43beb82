// The timeline explorer: a front end of the service's public JSON:API, nothing else. It calls the
// same endpoints as any client (this origin, a bearer token typed in by the user), so it is also a
// worked example of the API: cursor pages, the change stream resumed from a listing's feed position,
// counts, the catalog of names and JSON:API errors. Every value of an event is shown as text
// (textContent, never HTML): event data cannot become markup or code.

import {
  $, ApiError, announce, api, clearErrors, element, forgetBudget, formatTime, local, numbers, query, session, showError,
} from './api.js';
import { drawHistogram, histogramRange } from './histogram.js';
import { ChangeStream } from './live.js';

const PAGE_SIZE = 100;
const TOKEN_KEY = 'event-store-explorer-token';
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** An error shown as the API wrote it; a 401 (a token revoked or expired meanwhile) asks for a token again. */
function report(error, context) {
  showError(error, context);
  if (error instanceof ApiError && error.status === 401 && session.token) signOut(false);
}

// ---------------------------------------------------------------------------------------------
// The token: typed in, kept in memory (or this tab's sessionStorage), never in a URL or a cookie

async function signIn(token, keep) {
  session.token = token;
  try {
    await loadNameOptions(); // checks the token, and fills the names' suggestions
  } catch (e) {
    session.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    report(e, 'The token was refused');
    return false;
  }
  if (keep) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
  clearErrors();
  $('token').value = '';
  $('token-view').hidden = true;
  $('app-view').hidden = false;
  $('forget').hidden = false;
  $('live-toggle').hidden = false;
  return true;
}

function signOut(clear = true) {
  stopLive();
  session.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  timeline.generation++;
  $('timeline').replaceChildren();
  $('timeline-summary').textContent = '';
  $('histogram').hidden = true;
  $('more').hidden = true;
  $('timeline-state').textContent = '';
  $('detail-body').replaceChildren(element('p', { class: 'hint' }, 'Select an event to see its attributes, relationships and payload.'));
  $('names-table').tBodies[0].replaceChildren();
  $('app-view').hidden = true;
  $('token-view').hidden = false;
  $('forget').hidden = true;
  $('live-toggle').hidden = true;
  forgetBudget();
  if (clear) clearErrors();
  $('token').focus();
}

// ---------------------------------------------------------------------------------------------
// The search: its filters are the listing's, and also the stream's and the counts'

function readSearch() {
  return {
    rel: $('rel-type').value,
    id: $('rel-id').value.trim(),
    names: $('names').value.split(',').map((n) => n.trim()).filter(Boolean).join(','),
    from: $('from').value,
    to: $('to').value,
  };
}

function writeSearch(search) {
  if (search.rel) $('rel-type').value = search.rel;
  $('rel-id').value = search.id || '';
  $('names').value = search.names || '';
  $('from').value = search.from || '';
  $('to').value = search.to || '';
}

/** datetime-local values are the browser's local time: sent as instants in UTC. */
function instant(local) {
  return local ? new Date(local).toISOString() : null;
}

function filters(search) {
  const parameters = {};
  if (search.id) parameters[`filter[${search.rel}][id]`] = search.id;
  if (search.names) parameters['filter[name]'] = search.names;
  if (search.from || search.to) {
    parameters['filter[eventAt]'] = `${instant(search.from) ?? 'neginf'}..${instant(search.to) ?? 'inf'}`;
  }
  return parameters;
}

function remember(search) {
  const hash = new URLSearchParams(Object.entries(search).filter(([, v]) => v)).toString();
  history.replaceState(null, '', hash ? `#${hash}` : location.pathname);
}

function recalled() {
  const hash = new URLSearchParams(location.hash.slice(1));
  return Object.fromEntries(['rel', 'id', 'names', 'from', 'to'].map((k) => [k, hash.get(k) ?? '']));
}

// ---------------------------------------------------------------------------------------------
// The timeline: newest first, cursor pages appended as the end of the list comes into view

const timeline = {
  generation: 0, // a new search makes every answer of the previous one stale
  search: null,
  next: null,
  loading: false,
  endVisible: false,
  failed: false, // the last page could not be read: not asked again by itself, only by the button or by scrolling
  rows: new Map(), // event id -> { item, resource }
  total: null,
  selected: null,
};

async function runSearch(search) {
  const generation = ++timeline.generation;
  stopLive();
  clearErrors();
  remember(search);
  Object.assign(timeline, { search, next: null, loading: true, failed: false, total: null, selected: null });
  timeline.rows.clear();
  $('timeline').replaceChildren();
  $('detail-title').textContent = 'Event';
  $('detail-body').replaceChildren(element('p', { class: 'hint' }, 'Select an event to see its attributes, relationships and payload.'));
  $('more').hidden = true;
  $('timeline-state').textContent = 'Loading...';
  $('timeline-summary').textContent = '';
  let answer;
  try {
    answer = await api(`/events?${query({ ...filters(search), 'page[size]': PAGE_SIZE, 'page[totals]': true, sort: '-eventAt' })}`);
  } catch (e) {
    if (generation === timeline.generation) {
      timeline.loading = false;
      $('timeline-state').textContent = '';
      $('histogram').hidden = true;
      report(e, 'The timeline could not be read');
    }
    return;
  }
  if (generation !== timeline.generation) return;
  timeline.total = answer.meta?.page?.total ?? null;
  append(answer.data);
  timeline.next = answer.links?.next ? local(answer.links.next) : null;
  timeline.loading = false;
  pageDone();
  // the stream starts where this listing was read: nothing is missed in between
  startLive(search, answer.meta?.feedPosition ?? null);
  loadHistogram(search, answer.data[0]?.attributes?.eventAt, answer.data.at(-1)?.attributes?.eventAt, Boolean(timeline.next), generation);
}

async function loadMore() {
  if (!timeline.next || timeline.loading) return;
  const generation = timeline.generation;
  timeline.loading = true;
  $('timeline-state').textContent = 'Loading older events...';
  try {
    const answer = await api(timeline.next);
    if (generation !== timeline.generation) return;
    append(answer.data);
    timeline.next = answer.links?.next ? local(answer.links.next) : null;
    timeline.failed = false;
  } catch (e) {
    if (generation === timeline.generation) {
      timeline.failed = true;
      report(e, 'More events could not be read');
    }
  } finally {
    if (generation === timeline.generation) {
      timeline.loading = false;
      pageDone();
    }
  }
}

function pageDone() {
  const shown = timeline.rows.size;
  const total = timeline.total === null ? '' : ` of ${numbers.format(timeline.total)}`;
  $('timeline-summary').textContent = shown === 0 ? 'No events match.' : `${numbers.format(shown)}${total} events shown, newest first.`;
  $('more').hidden = !timeline.next;
  $('timeline-keys').hidden = shown === 0;
  $('timeline-state').textContent = timeline.next ? '' : shown ? 'The end of the timeline.' : '';
  // the end is still in view (a tall window): keep filling it, unless this page failed (a request
  // per frame at a failing or rate-limited service); the button tries again
  if (timeline.next && timeline.endVisible && !timeline.failed) requestAnimationFrame(loadMore);
}

function append(resources) {
  const fragment = document.createDocumentFragment();
  for (const resource of resources) {
    if (timeline.rows.has(resource.id)) continue; // a change may have shown it already
    fragment.append(row(resource));
  }
  $('timeline').append(fragment);
  rovingStart();
}

function row(resource, fresh = false) {
  const item = element('li', { 'data-id': resource.id });
  const button = element('button', { type: 'button', class: 'event-row', tabindex: '-1' });
  fill(button, resource, fresh);
  item.append(button);
  if (fresh) item.classList.add('fresh');
  timeline.rows.set(resource.id, { item, resource });
  return item;
}

function fill(button, resource, fresh) {
  const a = resource.attributes ?? {};
  const time = element('time', { datetime: a.eventAt ?? '' }, formatTime(a.eventAt));
  const name = element('span', { class: 'name' }, a.name ?? '');
  if (fresh) name.append(element('span', { class: 'new-mark' }, 'new'));
  const related = element('span', { class: 'related' }, relatedText(resource));
  const snippet = element('span', { class: 'snippet mono' }, a.payload && Object.keys(a.payload).length ? JSON.stringify(a.payload) : a.body ?? '');
  button.replaceChildren(time, name, related, snippet);
}

function relatedText(resource) {
  return Object.entries(resource.relationships ?? {})
    .filter(([, r]) => r?.data)
    .map(([name, r]) => `${name} ${r.data.id}`)
    .join(' · ');
}

/** Newest first, as the listing sorts (-eventAt, ties by id descending). */
function before(a, b) {
  const at = Date.parse(a.attributes.eventAt) - Date.parse(b.attributes.eventAt);
  if (at !== 0) return at > 0;
  return BigInt(a.id) > BigInt(b.id);
}

/** A created or updated event from the stream, put where the listing would have it. */
function place(resource, fresh) {
  const known = timeline.rows.get(resource.id);
  if (known) {
    known.item.remove();
    timeline.rows.delete(resource.id);
  }
  const list = $('timeline');
  let next = null;
  for (const candidate of list.children) {
    const held = timeline.rows.get(candidate.dataset.id);
    if (held && before(resource, held.resource)) {
      next = candidate;
      break;
    }
  }
  if (!next && timeline.next) return false; // older than every row shown: a later page brings it
  const item = row(resource, fresh);
  list.insertBefore(item, next);
  if (known && timeline.selected === resource.id) {
    item.firstChild.setAttribute('aria-current', 'true');
  }
  rovingStart();
  return true;
}

function forget(id) {
  const known = timeline.rows.get(id);
  if (!known) return;
  const hadFocus = known.item.contains(document.activeElement);
  const neighbour = known.item.nextElementSibling ?? known.item.previousElementSibling;
  known.item.remove();
  timeline.rows.delete(id);
  rovingStart();
  if (hadFocus && neighbour) focusRow(neighbour.firstChild);
}

// one row of the list is in the tab order; the arrows move between rows (a roving tabindex)
function rovingStart() {
  const list = $('timeline');
  if (!list.querySelector('.event-row[tabindex="0"]') && list.firstElementChild) {
    list.firstElementChild.firstChild.tabIndex = 0;
  }
}

function focusRow(button) {
  for (const other of $('timeline').querySelectorAll('.event-row[tabindex="0"]')) other.tabIndex = -1;
  button.tabIndex = 0;
  button.focus();
}

function onTimelineKey(event) {
  const button = event.target.closest('.event-row');
  if (!button) return;
  const item = button.parentElement;
  let target = null;
  if (event.key === 'ArrowDown') target = item.nextElementSibling;
  else if (event.key === 'ArrowUp') target = item.previousElementSibling;
  else if (event.key === 'Home') target = item.parentElement.firstElementChild;
  else if (event.key === 'End') target = item.parentElement.lastElementChild;
  else return;
  event.preventDefault();
  if (target) focusRow(target.firstChild);
  if (event.key === 'ArrowDown' && !item.nextElementSibling) loadMore();
}

// ---------------------------------------------------------------------------------------------
// Live: the search's stream of changes, applied to the rows shown

const live = { stream: null, paused: false };

function setLive(state, text) {
  $('live').dataset.state = state;
  $('live').textContent = text;
  $('live-toggle').textContent = live.paused ? 'Resume live' : 'Pause live';
}

function startLive(search, position) {
  stopLive();
  const generation = timeline.generation;
  live.stream = new ChangeStream({
    path: () => `/events/stream?${query(filters(search))}`,
    onChange: (kind, resource) => generation === timeline.generation && apply(kind, resource),
    onState: (state, text) => generation === timeline.generation && setLive(state, text),
    onResync: () => {
      announce('The live stream was too far behind: the timeline was read again.');
      runSearch(search);
    },
    onFatal: (error) => report(error, 'Live updates stopped'),
  });
  live.stream.paused = live.paused;
  live.stream.start(position);
}

function stopLive() {
  live.stream?.close();
  live.stream = null;
  setLive('off', 'Live: off');
}

function toggleLive() {
  live.paused = !live.paused;
  if (!live.stream) setLive('off', 'Live: off');
  else if (live.paused) live.stream.pause();
  else live.stream.resume();
}

function apply(kind, resource) {
  if (!resource?.id) return;
  if (kind === 'deleted') {
    if (timeline.rows.has(resource.id) && timeline.total !== null) timeline.total--;
    forget(resource.id);
    announce(`Event ${resource.attributes?.name ?? resource.id} was deleted.`);
  } else {
    const isNew = kind === 'created' && !timeline.rows.has(resource.id);
    if (isNew && timeline.total !== null) timeline.total++;
    if (place(resource, isNew) && isNew) announce(`New event: ${resource.attributes?.name}`);
    if (timeline.selected === resource.id) showEvent(resource.id, false);
  }
  pageDone();
}

// ---------------------------------------------------------------------------------------------
// The histogram of the search: GET /event-counts by name and period, in the browser's time zone

async function loadHistogram(search, newestEventAt, lastShownEventAt, more, generation) {
  let oldestEventAt = lastShownEventAt;
  try {
    if (more && !search.from) {
      // the oldest event, so that the bars start where the events do (one row, read along an index)
      const oldest = await api(`/events?${query({ ...filters(search), sort: 'eventAt', 'page[size]': 1, 'fields[event]': 'eventAt' })}`);
      oldestEventAt = oldest.data[0]?.attributes?.eventAt;
    }
  } catch (e) {
    oldestEventAt = null; // the 90 days then
  }
  if (generation !== timeline.generation) return;
  const range = histogramRange(instant(search.from), instant(search.to), newestEventAt, oldestEventAt);
  if (!range) {
    $('histogram').hidden = true;
    return;
  }
  const parameters = { ...filters(search), 'filter[eventAt]': `${range.from}..${range.to}`, group: `name,${range.period}`, tz: zone };
  try {
    const answer = await api(`/event-counts?${query(parameters)}`);
    if (generation === timeline.generation) drawHistogram(answer, range, zone);
  } catch (e) {
    if (generation === timeline.generation) {
      $('histogram').hidden = true;
      report(e, 'The histogram could not be counted');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// An event in detail: GET /events/{id}

async function showEvent(id, focus = true) {
  timeline.selected = id;
  for (const current of $('timeline').querySelectorAll('[aria-current="true"]')) current.removeAttribute('aria-current');
  timeline.rows.get(id)?.item.firstChild.setAttribute('aria-current', 'true');
  const body = $('detail-body');
  body.replaceChildren(element('p', { class: 'hint' }, 'Loading...'));
  let answer;
  try {
    answer = await api(`/events/${encodeURIComponent(id)}`);
  } catch (e) {
    if (timeline.selected !== id) return;
    body.replaceChildren(element('p', { class: 'hint' }, e instanceof ApiError && e.status === 404
      ? 'This event no longer exists.' : 'The event could not be read (see the error above).'));
    if (!(e instanceof ApiError && e.status === 404)) report(e, 'The event could not be read');
    return;
  }
  if (timeline.selected !== id) return;
  const resource = answer.data;
  const a = resource.attributes;
  $('detail-title').textContent = a.name;
  const attributes = element('dl', { class: 'fields' });
  field(attributes, 'id', resource.id, true);
  for (const [name, value] of Object.entries(a)) {
    if (name === 'payload' || name === 'name') continue;
    if (name === 'externalUrl' && /^https?:\/\//i.test(value ?? '')) {
      const link = element('a', { href: value, rel: 'noopener noreferrer', target: '_blank' }, value);
      field(attributes, name, link);
    } else if (name.endsWith('At') && value) {
      field(attributes, name, element('time', { datetime: value, title: value }, formatTime(value)));
    } else {
      field(attributes, name, value);
    }
  }
  const relationships = element('dl', { class: 'fields' });
  for (const [name, relationship] of Object.entries(resource.relationships ?? {})) {
    if (!relationship?.data) {
      field(relationships, name, null);
      continue;
    }
    const button = element('button', { type: 'button', class: 'link' }, relationship.data.id);
    button.title = `The timeline of ${name} ${relationship.data.id}`;
    button.addEventListener('click', () => {
      writeSearch({ rel: name, id: relationship.data.id });
      runSearch(readSearch());
    });
    field(relationships, name, button);
  }
  const payload = element('pre', { class: 'payload', tabindex: '0', 'aria-label': 'Payload' }, JSON.stringify(a.payload ?? {}, null, 2));
  body.replaceChildren(
    element('h3', {}, 'Attributes'), attributes,
    element('h3', {}, 'Relationships'), relationships,
    element('h3', {}, 'Payload'), payload,
  );
  if (focus) $('detail').focus();
}

function field(list, name, value, mono = false) {
  const dd = element('dd', mono ? { class: 'mono' } : {});
  if (value instanceof Node) dd.append(value);
  else if (value === null || value === undefined) dd.append(element('span', { class: 'none' }, 'none'));
  else dd.textContent = String(value);
  list.append(element('dt', {}, name), dd);
}

// ---------------------------------------------------------------------------------------------
// The catalog of names: GET /event-names and /event-names/{name}

const catalog = { next: null, generation: 0 };

async function loadNameOptions() {
  const answer = await api(`/event-names?${query({ sort: '-count', 'page[size]': 200, 'fields[event-name]': 'count' })}`);
  $('name-options').replaceChildren(...answer.data.map((n) => element('option', { value: n.id })));
}

async function loadNames(reset) {
  const generation = reset ? ++catalog.generation : catalog.generation;
  const url = reset
    ? `/event-names?${query({ sort: $('names-sort').value, 'page[size]': PAGE_SIZE, 'filter[prefix]': $('prefix').value })}`
    : catalog.next;
  if (!url) return;
  let answer;
  try {
    answer = await api(url);
  } catch (e) {
    report(e, 'The names could not be read');
    return;
  }
  if (generation !== catalog.generation) return;
  const body = $('names-table').tBodies[0];
  if (reset) body.replaceChildren();
  for (const resource of answer.data) {
    const a = resource.attributes;
    const tr = element('tr', { 'data-name': resource.id });
    const open = element('button', { type: 'button', class: 'link' }, resource.id);
    open.addEventListener('click', () => showName(resource.id));
    const cell = element('td');
    cell.append(open);
    tr.append(cell,
      element('td', { class: 'number' }, numbers.format(a.count)),
      element('td', {}, formatTime(a.firstEventAt)),
      element('td', {}, formatTime(a.lastEventAt)),
      element('td', { class: 'number' }, numbers.format(Object.keys(a.properties ?? {}).length)));
    body.append(tr);
  }
  catalog.next = answer.links?.next ? local(answer.links.next) : null;
  $('names-more').hidden = !catalog.next;
  $('names-summary').textContent = body.rows.length
    ? `${numbers.format(body.rows.length)} names shown; the catalog has applied the change feed up to position ${answer.meta?.feedPosition ?? 'unknown'}.`
    : 'No event names yet.';
}

async function showName(name) {
  for (const row of $('names-table').querySelectorAll('tr[aria-current]')) row.removeAttribute('aria-current');
  [...$('names-table').tBodies[0].rows].find((r) => r.dataset.name === name)?.setAttribute('aria-current', 'true');
  const body = $('name-detail-body');
  let answer;
  try {
    answer = await api(`/event-names/${encodeURIComponent(name)}`);
  } catch (e) {
    report(e, `The name ${name} could not be read`);
    return;
  }
  const a = answer.data.attributes;
  $('name-detail-title').textContent = name;
  const facts = element('dl', { class: 'fields' });
  field(facts, 'events', numbers.format(a.count));
  field(facts, 'first', formatTime(a.firstEventAt));
  field(facts, 'last', formatTime(a.lastEventAt));
  const table = element('table', { class: 'properties' });
  const head = element('tr');
  head.append(element('th', { scope: 'col' }, 'Property'), element('th', { scope: 'col' }, 'Type'), element('th', { scope: 'col', class: 'number' }, 'Events'));
  table.append(element('thead'), element('tbody'));
  table.tHead.append(head);
  for (const [path, types] of Object.entries(a.properties ?? {})) {
    for (const [type, count] of Object.entries(types)) {
      const tr = element('tr');
      const share = element('span', { class: 'share', 'aria-hidden': 'true' });
      share.style.width = `${Math.max(2, Math.round((count / Math.max(1, a.count)) * 60))}px`;
      const events = element('td', { class: 'number' });
      events.append(share, numbers.format(count));
      tr.append(element('td', { class: 'mono' }, path), element('td', {}, type), events);
      table.tBodies[0].append(tr);
    }
  }
  const show = element('button', { type: 'button', class: 'primary' }, `Timeline of ${name}`);
  show.addEventListener('click', () => {
    writeSearch({ rel: $('rel-type').value, id: '', names: name });
    selectTab('timeline');
    runSearch(readSearch());
  });
  const parts = [facts, element('h3', {}, 'Payload properties')];
  parts.push(Object.keys(a.properties ?? {}).length ? table : element('p', { class: 'hint' }, 'No properties observed.'));
  if (a.propertiesTruncated) parts.push(element('p', { class: 'hint' }, 'More properties exist than the catalog keeps.'));
  parts.push(show);
  body.replaceChildren(...parts);
  $('name-detail').focus();
}

// ---------------------------------------------------------------------------------------------
// Tabs and wiring

function selectTab(name) {
  for (const [tab, panel] of [['tab-timeline', 'timeline-view'], ['tab-names', 'names-view']]) {
    const selected = panel.startsWith(name);
    $(tab).setAttribute('aria-selected', String(selected));
    $(tab).tabIndex = selected ? 0 : -1;
    $(panel).hidden = !selected;
  }
  if (name === 'names' && !$('names-table').tBodies[0].rows.length) loadNames(true);
}

function wire() {
  $('token-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) {
      showError(new ApiError(0, [{ title: 'A token is needed', detail: 'Paste a bearer token of your org (evs_...).' }]), 'Sign-in');
      return;
    }
    if (await signIn(token, $('remember').checked)) start();
  });
  $('forget').addEventListener('click', () => signOut());
  $('live-toggle').addEventListener('click', toggleLive);
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    runSearch(readSearch());
  });
  $('more').addEventListener('click', loadMore);
  $('timeline').addEventListener('click', (event) => {
    const button = event.target.closest('.event-row');
    if (button) {
      focusRow(button);
      showEvent(button.parentElement.dataset.id, event.detail === 0); // keyboard (Enter): focus the detail
    }
  });
  $('timeline').addEventListener('keydown', onTimelineKey);
  $('detail').addEventListener('keydown', (event) => {
    const row = timeline.rows.get(timeline.selected);
    if (event.key === 'Escape' && row) focusRow(row.item.firstChild);
  });
  new IntersectionObserver((entries) => {
    timeline.endVisible = entries.some((e) => e.isIntersecting);
    if (timeline.endVisible) loadMore(); // a transition: scrolling back to the end tries again after a failure
  }, { rootMargin: '600px 0px' }).observe($('timeline-end'));
  $('names-search').addEventListener('submit', (event) => {
    event.preventDefault();
    loadNames(true);
  });
  $('names-more').addEventListener('click', () => loadNames(false));
  for (const tab of ['tab-timeline', 'tab-names']) {
    $(tab).addEventListener('click', () => selectTab(tab === 'tab-timeline' ? 'timeline' : 'names'));
    $(tab).addEventListener('keydown', (event) => {
      if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
        const other = tab === 'tab-timeline' ? 'names' : 'timeline';
        selectTab(other);
        $(other === 'names' ? 'tab-names' : 'tab-timeline').focus();
      }
    });
  }
}

function start() {
  const search = recalled();
  writeSearch(search);
  if (search.id || search.names || search.from || search.to) runSearch(readSearch());
  else $('rel-id').focus();
}

wire();
stopLive();
const kept = sessionStorage.getItem(TOKEN_KEY);
if (kept) {
  signIn(kept, true).then((ok) => ok && start());
} else {
  $('token').focus();
}
