// The explorer's client of the API: every request goes through here, so that the token's budget
// (X-RateLimit-* headers) and the API's errors are seen whatever asked. Also the few DOM helpers
// the other modules share. Every value is shown as text (textContent), never as HTML.

export const JSON_API = 'application/vnd.api+json';

/** The token, in this tab's memory only (the sign-in may also keep it in sessionStorage). */
export const session = { token: null };

export const numbers = new Intl.NumberFormat();
const times = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

export const $ = (id) => document.getElementById(id);

/** A JSON:API error answer (or a request that never got one: status 0). */
export class ApiError extends Error {
  constructor(status, errors, retryAfter = null) {
    super(errors.map((e) => e.title).join('; '));
    this.status = status;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }
}

export function authorized(headers = {}) {
  return { Authorization: `Bearer ${session.token}`, ...headers };
}

/** How long a request may go unanswered: a page that waits for ever would show "Loading" for ever. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * GET of a path and query of this origin: the answer's document, or an {@link ApiError} (status 0
 * when no answer came, in {@code timeoutMs} or at all). A caller's {@code signal} aborts it as before.
 */
export async function api(url, { signal, timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  const deadline = AbortSignal.timeout(timeoutMs);
  const both = signal ? AbortSignal.any([signal, deadline]) : deadline;
  let response;
  let text;
  try {
    response = await fetch(url, { headers: authorized({ Accept: JSON_API }), cache: 'no-store', credentials: 'omit', signal: both });
    text = await response.text();
  } catch (e) {
    if (signal?.aborted) throw e;
    if (deadline.aborted) {
      throw new ApiError(0, [{ title: 'The service did not answer', detail: `No answer within ${timeoutMs / 1000} s.` }]);
    }
    throw new ApiError(0, [{ title: 'The service could not be reached', detail: String(e.message || e) }]);
  }
  noteBudget(response);
  let answer = null;
  try {
    answer = text ? JSON.parse(text) : null;
  } catch {
    answer = null;
  }
  if (!response.ok) {
    throw failure(response, answer);
  }
  return answer;
}

/** The error of an answer that is not 2xx: its JSON:API errors, or one made of its status. */
export function failure(response, answer) {
  const errors = Array.isArray(answer?.errors) && answer.errors.length
    ? answer.errors
    : [{ status: String(response.status), title: response.statusText || `HTTP ${response.status}` }];
  return new ApiError(response.status, errors, response.headers.get('Retry-After'));
}

/** The path and query of a link the API wrote: requests stay on this origin whatever host the link names. */
export function local(link) {
  const url = new URL(link, location.href);
  return url.pathname + url.search;
}

/** A query string; `true` is a parameter without a value (page[totals]), empty values are left out. */
export function query(parameters) {
  return Object.entries(parameters)
    .filter(([, value]) => value !== undefined && value !== null && value !== '' && value !== false)
    .map(([name, value]) => (value === true ? name : `${name}=${encodeURIComponent(value)}`))
    .join('&');
}

// ---------------------------------------------------------------------------------------------
// The token's budget, from the headers of every answer

const budget = { limit: null, remaining: null, reset: null, blockedUntil: 0, timer: null };

export function noteBudget(response) {
  const limit = response.headers.get('X-RateLimit-Limit');
  const remaining = response.headers.get('X-RateLimit-Remaining');
  if (limit !== null && remaining !== null) {
    budget.limit = Number(limit);
    budget.remaining = Number(remaining);
    budget.reset = Number(response.headers.get('X-RateLimit-Reset')) || null;
  }
  if (response.status === 429) {
    budget.blockedUntil = Date.now() + (Number(response.headers.get('Retry-After')) || 1) * 1000;
  }
  showBudget();
}

export function forgetBudget() {
  Object.assign(budget, { limit: null, remaining: null, reset: null, blockedUntil: 0 });
  showBudget();
}

function showBudget() {
  clearTimeout(budget.timer);
  const badge = $('budget');
  if (budget.limit === null) {
    badge.dataset.state = 'unknown';
    badge.textContent = 'Requests left: unknown';
    return;
  }
  const waiting = Math.ceil((budget.blockedUntil - Date.now()) / 1000);
  if (waiting > 0) {
    badge.dataset.state = 'exhausted';
    badge.textContent = `Rate limited: next request in ${waiting} s`;
    budget.timer = setTimeout(showBudget, 1000);
    return;
  }
  badge.dataset.state = budget.remaining === 0 ? 'exhausted' : budget.remaining < budget.limit / 10 ? 'low' : 'ok';
  badge.textContent = `Requests left: ${numbers.format(budget.remaining)} of ${numbers.format(budget.limit)}`;
  if (budget.reset) badge.title = `The budget is full again at ${formatTime(new Date(budget.reset * 1000).toISOString())}`;
}

// ---------------------------------------------------------------------------------------------
// The API's errors, as it wrote them: each one's title, detail, where it points and its id

export function showError(error, context) {
  if (error?.name === 'AbortError') return;
  const errors = error instanceof ApiError ? error.errors : [{ title: 'Something went wrong in the page', detail: String(error) }];
  const box = element('div', { class: 'error' });
  const list = element('ul');
  for (const e of errors) {
    const item = element('li');
    item.append(element('span', { class: 'what' }, `${context}: ${e.title || 'Error'}`));
    if (e.status) item.append(` (${e.status})`);
    if (e.detail) item.append(element('div', { class: 'detail' }, e.detail));
    const where = e.source?.parameter ?? e.source?.pointer ?? e.source?.header;
    if (where) item.append(element('div', { class: 'where' }, `at ${where}`));
    if (e.id) item.append(element('div', { class: 'ref' }, `error id ${e.id}`));
    if (error.retryAfter) item.append(element('div', { class: 'where' }, `retry after ${error.retryAfter} s`));
    list.append(item);
  }
  const dismiss = element('button', { type: 'button', class: 'quiet' }, 'Dismiss');
  dismiss.addEventListener('click', () => box.remove());
  box.append(list, dismiss);
  $('errors').replaceChildren(box);
}

export function clearErrors() {
  $('errors').replaceChildren();
}

/** Said to screen readers (a polite live region). */
export function announce(text) {
  $('announcer').textContent = text;
}

export function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

export function formatTime(iso) {
  return iso ? times.format(new Date(iso)) : '';
}
