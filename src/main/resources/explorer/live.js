// Live changes: GET /events/stream read with fetch (a browser's EventSource cannot send the token),
// parsed as Server-Sent Events, resumed by itself with Last-Event-ID after a cut, a server's `end`
// message, a 429 or a 5xx, with growing delays. It starts at a listing's feed position, so a
// timeline read first and this stream together miss nothing.

import { ApiError, authorized, failure, noteBudget } from './api.js';

// a stream sends a heartbeat at least every 15 s: silence for this long means a dead connection
const SILENCE_MS = 45_000;
const RECONNECT_DELAYS_S = [1, 2, 4, 8, 15, 30];

/** Server-Sent Events from text that arrives in pieces: whole messages out, the rest kept. */
export class SseParser {
  constructor() {
    this.buffer = '';
  }

  /** The messages completed by this piece: {id, event, data} (comments and empty blocks skipped). */
  push(text) {
    this.buffer += text;
    const messages = [];
    let match;
    while ((match = /\r\n\r\n|\n\n|\r\r/.exec(this.buffer)) !== null) {
      const block = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message = SseParser.message(block);
      if (message) messages.push(message);
    }
    return messages;
  }

  static message(block) {
    let id = null;
    let event = 'message';
    const data = [];
    for (const line of block.split(/\r\n|\n|\r/)) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    return data.length ? { id, event, data: data.join('\n') } : null;
  }
}

/**
 * One live stream of a search. `path()` gives the stream's path and query; `onChange(kind, resource)`
 * gets each change; `onState(state, text)` the badge's state (connecting, live, retrying, paused,
 * stopped); `onResync()` is called when the position has expired (410); `onFatal(error)` when the
 * stream cannot go on (a revoked token, a refused filter).
 */
export class ChangeStream {
  constructor({ path, onChange, onState, onResync, onFatal }) {
    Object.assign(this, { path, onChange, onState, onResync, onFatal });
    this.position = null;
    this.controller = null;
    this.attempt = 0;
    this.timer = null;
    this.watchdog = null;
    this.closed = false;
    this.paused = false;
  }

  start(position) {
    this.position = position;
    if (this.paused) this.onState('paused', 'Live: paused');
    else this.connect();
  }

  close() {
    this.closed = true;
    this.halt();
  }

  pause() {
    this.paused = true;
    this.halt();
    this.onState('paused', 'Live: paused');
  }

  /** Goes on after the last position received: nothing missed while paused. */
  resume() {
    this.paused = false;
    if (!this.closed) this.connect();
  }

  halt() {
    clearTimeout(this.timer);
    clearTimeout(this.watchdog);
    const controller = this.controller;
    this.controller = null;
    if (controller) controller.abort();
  }

  async connect() {
    this.halt();
    const controller = new AbortController();
    this.controller = controller;
    this.onState('connecting', this.attempt ? 'Live: reconnecting...' : 'Live: connecting...');
    const headers = authorized({ Accept: 'text/event-stream' });
    if (this.position) headers['Last-Event-ID'] = this.position;
    let response;
    try {
      response = await fetch(this.path(), { headers, cache: 'no-store', credentials: 'omit', signal: controller.signal });
    } catch {
      if (this.controller === controller) this.retry();
      return;
    }
    noteBudget(response);
    if (!response.ok) {
      const error = failure(response, await response.json().catch(() => null));
      if (this.controller !== controller) return;
      if (response.status === 410) {
        this.close();
        this.onResync();
      } else if (response.status === 429 || response.status >= 500) {
        this.retry(Number(error.retryAfter) || null);
      } else {
        this.close();
        this.onState('stopped', 'Live: stopped');
        this.onFatal(error);
      }
      return;
    }
    this.attempt = 0;
    this.onState('live', 'Live');
    await this.read(response, controller);
  }

  async read(response, controller) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    let end = null;
    const listen = () => {
      clearTimeout(this.watchdog);
      this.watchdog = setTimeout(() => controller.abort(), SILENCE_MS);
    };
    listen();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        listen();
        for (const message of parser.push(value)) {
          const document = JSON.parse(message.data);
          if (message.event === 'end') {
            end = document;
            continue;
          }
          if (message.id) this.position = message.id;
          this.onChange(message.event, document.data);
        }
      }
    } catch {
      // cut, or silent for too long: resumed below unless stopped on purpose
    } finally {
      clearTimeout(this.watchdog);
    }
    if (this.controller !== controller) return;
    const code = end?.errors?.[0]?.code;
    if (code === 'token_revoked' || code === 'token_expired') {
      this.close();
      this.onState('stopped', 'Live: stopped');
      this.onFatal(new ApiError(401, end.errors));
      return;
    }
    this.retry(code === 'service_stopping' ? 0 : null);
  }

  retry(seconds = null) {
    this.controller = null;
    let left = seconds ?? RECONNECT_DELAYS_S[Math.min(this.attempt, RECONNECT_DELAYS_S.length - 1)];
    this.attempt++;
    const tick = () => {
      if (this.closed || this.paused) return;
      if (left <= 0) {
        this.connect();
        return;
      }
      this.onState('retrying', `Live: reconnecting in ${left} s`);
      left--;
      this.timer = setTimeout(tick, 1000);
    };
    tick();
  }
}
