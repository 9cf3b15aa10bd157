// Live updates: GET /api/v1/events read with fetch() and a stream reader
// (EventSource cannot send the Authorization header), parsed as Server-Sent
// Events, reconnected with back-off when the stream drops.

const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 30000;
// The server sends ": ping" every 15 s; three missed pings mean a dead stream
// (a phone that changed network keeps a half-open socket for minutes).
const SILENCE_LIMIT_MS = 45000;

// Splits a text/event-stream into events, as the HTML standard's parser does:
// lines end in \n, \r\n or \r; "field: value"; a blank line dispatches; a line
// starting with ":" is a comment.
export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.reset();
  }

  reset() {
    this.type = '';
    this.data = [];
  }

  push(text) {
    this.buffer += text;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      // A lone \r at the end may be the first half of \r\n: wait for more.
      if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) return;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      if (this.data.length > 0) this.onEvent({ type: this.type || 'message', data: this.data.join('\n') });
      this.reset();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
  }
}

// Keeps one stream open while started. Callbacks:
//   onEvent(type, data)  a parsed event; data is the JSON-decoded payload
//   onState(state)       'connecting' | 'live' | 'retrying'
//   onOpen()             each (re)connection: callers re-fetch what they show,
//                        since events sent while disconnected are lost
//   onUnauthenticated()  the token was refused; the stream stays stopped
export class EventStream {
  constructor({ headers, onEvent, onState, onOpen, onUnauthenticated }) {
    this.headers = headers;
    this.onEvent = onEvent;
    this.onState = onState;
    this.onOpen = onOpen;
    this.onUnauthenticated = onUnauthenticated;
    this.running = false;
    this.controller = null;
    this.retryTimer = 0;
    this.silenceTimer = 0;
    this.generation = 0;    // bumped by each connect(); an older one just ends
    this.backoffMs = BACKOFF_MIN_MS;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.connect();
  }

  stop() {
    this.running = false;
    clearTimeout(this.retryTimer);
    clearTimeout(this.silenceTimer);
    this.controller?.abort();
    this.controller = null;
  }

  // Drops the current stream and reconnects at once (e.g. the phone came back online).
  restart() {
    if (!this.running) return;
    clearTimeout(this.retryTimer);
    this.controller?.abort();
    this.backoffMs = BACKOFF_MIN_MS;
    this.connect();
  }

  armSilenceTimer(controller) {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => controller.abort(), SILENCE_LIMIT_MS);
  }

  async connect() {
    this.generation += 1;
    const generation = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    this.onState('connecting');
    let refused = false;
    try {
      const response = await fetch('/api/v1/events', {
        headers: { Accept: 'text/event-stream', ...this.headers() },
        cache: 'no-store',
        signal: controller.signal,
      });
      if (response.status === 401) refused = true;
      else await this.read(response, controller, generation);
    } catch {
      // Network drop, abort or a bad answer: handled below by retrying.
    } finally {
      if (generation === this.generation) {
        clearTimeout(this.silenceTimer);
        this.controller = null;
      }
    }
    // Aborted by restart() (a newer connect owns the stream) or by stop().
    if (!this.running || generation !== this.generation) return;
    if (refused) {
      this.running = false;
      this.onUnauthenticated();
      return;
    }
    this.onState('retrying');
    const jitter = Math.random() * 0.3 * this.backoffMs;
    this.retryTimer = setTimeout(() => this.connect(), this.backoffMs + jitter);
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
  }

  // Reads one open stream until it ends; throws on a bad answer.
  async read(response, controller, generation) {
    const type = response.headers.get('Content-Type') || '';
    if (!response.ok || !response.body || !type.startsWith('text/event-stream')) {
      throw new Error(`events: HTTP ${response.status} ${type}`);
    }
    if (generation !== this.generation) return;
    this.armSilenceTimer(controller);
    this.onState('live');
    this.onOpen();
    const parser = new SseParser((event) => {
      if (event.type === 'hello') this.backoffMs = BACKOFF_MIN_MS;
      let data = null;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      this.onEvent(event.type, data);
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done || generation !== this.generation) return;
      this.armSilenceTimer(controller);
      parser.push(value);
    }
  }
}
