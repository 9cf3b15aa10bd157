// The citizen web chat: talks to /api/v1/webchat/<page>/messages.
// Everything the citizen, the bot or a volunteer wrote is untrusted text, so it
// only ever reaches the page through textContent, never innerHTML.

const POLL_INTERVAL_MS = 3000;
const MAX_PER_POLL = 100; // the server's page size; a full page means "ask again"
const SEND_RETRY_DELAYS_MS = [1000, 2000, 4000];
const SESSION_KEY = 'trolyso.session';
const SESSION_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INTENT_PREFIX = 'intent:';

const AUTHOR_LABELS = {
  bot: 'Trợ lý số',
  volunteer: 'Tình nguyện viên',
  system: 'Thông báo',
};

const TEXT = {
  titleSuffix: ' – Trợ lý số',
  sendFailed: 'Không gửi được, vui lòng thử lại.',
  tooLong: 'Tin nhắn quá dài, vui lòng viết ngắn hơn.',
  loadFailed: 'Không tải được trang, vui lòng kiểm tra mạng và tải lại.',
  pageNotFound: 'Không tìm thấy trang trò chuyện này.',
  queued: 'Đang chờ tình nguyện viên…',
  withVolunteer: 'Tình nguyện viên đang hỗ trợ bạn.',
  sending: 'Đang gửi…',
  resend: 'Gửi lại',
  chosen: 'Đã chọn một mục',
};

const dom = {};
const chat = {
  pageId: '',
  session: '',
  lastPolledId: 0,        // the GET cursor; only advanced by polls, see renderFromServer
  seenIds: new Set(),     // server message ids already on screen
  unconfirmed: [],        // our own bubbles not yet seen in a poll: {sentText, item}
  buttonLabels: new Map(),// payload -> label, to show a pressed button by its label
  sendQueue: Promise.resolve(),
  pollInFlight: null,
  pollTimer: 0,
};

// ---------- small helpers ----------

function randomToken(length) {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  // 64 symbols, so `& 63` keeps the distribution uniform.
  return Array.from(bytes, (b) => TOKEN_ALPHABET[b & 63]).join('');
}

// The session id is the citizen's identity; keeping it in localStorage lets a
// reload (or coming back tomorrow) continue the same conversation.
function loadSession() {
  try {
    const stored = localStorage.getItem(SESSION_KEY);
    if (stored && SESSION_PATTERN.test(stored)) return stored;
    const fresh = randomToken(32);
    localStorage.setItem(SESSION_KEY, fresh);
    return fresh;
  } catch {
    // Storage can be disabled (private mode); the chat still works for this visit.
    return randomToken(32);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class ApiError extends Error {
  constructor(status, code, message) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    headers: { Accept: 'application/json', ...(options.body ? { 'Content-Type': 'application/json' } : {}) },
    cache: 'no-store',
    ...options,
  });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, body?.error?.code, body?.error?.message);
  }
  return body;
}

// Network errors and server-side trouble may succeed on a retry with the same
// client id (the server de-duplicates it); a 4xx will not.
function isRetryable(error) {
  if (!(error instanceof ApiError)) return true;
  return error.status >= 500 || error.status === 408 || error.status === 429;
}

function messagesUrl() {
  return `/api/v1/webchat/${encodeURIComponent(chat.pageId)}/messages`;
}

function formatTime(ms) {
  if (!Number.isFinite(ms)) return '';
  return new Date(ms).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
}

// ---------- rendering ----------

function isNearBottom() {
  const log = dom.log;
  return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
}

function scrollToBottom() {
  dom.log.scrollTop = dom.log.scrollHeight;
}

// Follows the conversation only if the citizen was already at its end, so a
// message arriving while they scroll back does not yank the view away.
function appendItem(item, { forceScroll = false } = {}) {
  const follow = forceScroll || isNearBottom();
  dom.messages.append(item);
  if (!follow) return;
  // A long answer is read from its first line: show its start, not its end.
  const tallerThanView = item.offsetHeight > dom.log.clientHeight - 24;
  if (tallerThanView && !item.classList.contains('msg-citizen')) {
    dom.log.scrollTop = item.offsetTop - 8;
  } else {
    scrollToBottom();
  }
}

function citizenText(text) {
  // A pressed button is stored as its payload; show the label the citizen saw.
  if (text.startsWith(INTENT_PREFIX)) return chat.buttonLabels.get(text) || TEXT.chosen;
  return text;
}

function makeMeta(author, createdAt) {
  const meta = document.createElement('span');
  meta.className = 'meta';
  const parts = [];
  if (AUTHOR_LABELS[author]) parts.push(AUTHOR_LABELS[author]);
  const time = formatTime(createdAt);
  if (time) parts.push(time);
  meta.textContent = parts.join(' · ');
  return meta;
}

function makeReplyButtons(buttons) {
  const row = document.createElement('div');
  row.className = 'replies';
  for (const button of buttons) {
    if (!button || typeof button.label !== 'string' || typeof button.payload !== 'string') continue;
    chat.buttonLabels.set(button.payload, button.label);
    const el = document.createElement('button');
    el.type = 'button';
    el.className = 'reply';
    el.textContent = button.label;
    el.addEventListener('click', () => sendButton(button.payload, button.label));
    row.append(el);
  }
  return row;
}

// One message as a list item: citizen on the right, everyone else on the left.
function makeItem({ author, text, buttons, createdAt }) {
  const item = document.createElement('li');
  item.className = `msg msg-${author in AUTHOR_LABELS ? author : 'citizen'}`;
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  bubble.append(makeMeta(author, createdAt));
  const body = document.createElement('p');
  body.className = 'text';
  body.textContent = text;
  bubble.append(body);
  item.append(bubble);
  if (Array.isArray(buttons) && buttons.length > 0) item.append(makeReplyButtons(buttons));
  return item;
}

function setItemTime(item, createdAt) {
  const meta = item.querySelector('.meta');
  if (meta) meta.textContent = formatTime(createdAt);
}

// Adds a message from the server unless it is already on screen.
function renderFromServer(message) {
  if (!message || !Number.isInteger(message.id) || chat.seenIds.has(message.id)) return;
  chat.seenIds.add(message.id);
  const author = message.author || 'bot';
  if (author === 'citizen') {
    // Our own bubble was drawn when sending; adopt it instead of drawing a copy.
    const index = chat.unconfirmed.findIndex((u) => u.sentText === message.text);
    if (index >= 0) {
      const [own] = chat.unconfirmed.splice(index, 1);
      markSent(own.item);
      setItemTime(own.item, message.created_at);
      own.item.dataset.id = String(message.id);
      return;
    }
  }
  const item = makeItem({
    author,
    text: author === 'citizen' ? citizenText(String(message.text ?? '')) : String(message.text ?? ''),
    buttons: message.buttons,
    createdAt: message.created_at,
  });
  item.dataset.id = String(message.id);
  appendItem(item);
}

function showState(state) {
  const text = state === 'queued' ? TEXT.queued : state === 'with_volunteer' ? TEXT.withVolunteer : '';
  dom.notice.textContent = text;
  dom.notice.hidden = !text;
}

function showError(text) {
  dom.error.textContent = text || '';
  dom.error.hidden = !text;
}

function markSending(item) {
  item.classList.add('is-sending');
  item.classList.remove('is-failed');
  item.querySelector('.resend')?.remove();
  item.querySelector('.meta').textContent = TEXT.sending;
}

function markSent(item) {
  item.classList.remove('is-sending', 'is-failed');
  item.querySelector('.resend')?.remove();
  const meta = item.querySelector('.meta');
  if (meta.textContent === TEXT.sending) meta.textContent = formatTime(Date.now());
}

function markFailed(item, retry) {
  item.classList.remove('is-sending');
  item.classList.add('is-failed');
  item.querySelector('.meta').textContent = '';
  if (!retry || item.querySelector('.resend')) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'resend';
  button.textContent = TEXT.resend;
  button.addEventListener('click', retry);
  item.append(button);
}

// ---------- sending ----------

async function postWithRetries(payload) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await api(messagesUrl(), { method: 'POST', body: JSON.stringify(payload) });
    } catch (error) {
      if (!isRetryable(error) || attempt >= SEND_RETRY_DELAYS_MS.length) throw error;
      await sleep(SEND_RETRY_DELAYS_MS[attempt]);
    }
  }
}

// Sends one message; `payload` carries a fixed client id, so every resend of
// it (automatic or by the "Gửi lại" button) is the same message to the server.
async function deliver(payload, own) {
  markSending(own.item);
  try {
    const reply = await postWithRetries(payload);
    showError('');
    markSent(own.item);
    for (const message of reply?.messages ?? []) renderFromServer({ ...message, author: message.author || 'bot' });
    if (reply?.state) showState(reply.state);
  } catch (error) {
    const resend = () => queueSend(() => deliver(payload, own));
    const tooLong = error instanceof ApiError && error.status === 413;
    markFailed(own.item, tooLong ? null : resend);
    showError(tooLong ? TEXT.tooLong : TEXT.sendFailed);
  }
  pollNow();
}

// Sends run one after another so the conversation keeps the citizen's order.
function queueSend(task) {
  chat.sendQueue = chat.sendQueue.then(task, task);
  return chat.sendQueue;
}

function startSend(fields, shownText) {
  if (!chat.pageId) return;
  const payload = { session: chat.session, id: randomToken(20), ...fields };
  const item = makeItem({ author: 'citizen', text: shownText, buttons: [], createdAt: NaN });
  item.classList.add('is-sending');
  const own = { sentText: fields.text ?? fields.button, item };
  chat.unconfirmed.push(own);
  appendItem(item, { forceScroll: true });
  queueSend(() => deliver(payload, own));
}

function sendText(text) {
  const trimmed = text.trim();
  if (!trimmed) return;
  startSend({ text: trimmed }, trimmed);
}

function sendButton(payload, label) {
  startSend({ button: payload }, label);
}

// ---------- polling ----------

async function pollOnce() {
  for (;;) {
    const url = `${messagesUrl()}?session=${encodeURIComponent(chat.session)}&after=${chat.lastPolledId}`;
    const reply = await api(url);
    const messages = Array.isArray(reply?.messages) ? reply.messages : [];
    for (const message of messages) {
      renderFromServer(message);
      if (Number.isInteger(message.id)) chat.lastPolledId = Math.max(chat.lastPolledId, message.id);
    }
    if (reply?.state) showState(reply.state);
    if (messages.length < MAX_PER_POLL) return;
  }
}

// Polls now, or right after the poll in flight, so a POST's follow-up poll
// never gets lost behind a slower one.
function pollNow() {
  if (!chat.pageId) return Promise.resolve();
  if (chat.pollInFlight) {
    chat.pollAgain = true;
    return chat.pollInFlight;
  }
  clearTimeout(chat.pollTimer);
  chat.pollInFlight = pollOnce()
    .catch(() => {
      // A missed poll is retried on the next tick; the citizen sees no error for it.
    })
    .finally(() => {
      chat.pollInFlight = null;
      if (chat.pollAgain) {
        chat.pollAgain = false;
        pollNow();
      } else {
        schedulePoll();
      }
    });
  return chat.pollInFlight;
}

function schedulePoll() {
  clearTimeout(chat.pollTimer);
  // Hidden tabs do not poll; coming back to the tab polls at once.
  if (document.visibilityState === 'hidden') return;
  chat.pollTimer = setTimeout(pollNow, POLL_INTERVAL_MS);
}

// ---------- start-up ----------

async function choosePage() {
  const { pages } = await api('/api/v1/webchat/pages');
  const wanted = new URLSearchParams(location.search).get('page');
  const list = Array.isArray(pages) ? pages : [];
  return wanted ? list.find((p) => p.id === wanted) : list[0];
}

function updateSendEnabled() {
  dom.send.disabled = !chat.pageId || dom.input.value.trim() === '';
}

function bindComposer() {
  dom.input.addEventListener('input', updateSendEnabled);
  dom.input.addEventListener('keydown', (event) => {
    // Enter sends; Shift+Enter is a new line; Vietnamese IMEs use Enter while composing.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      dom.composer.requestSubmit();
    }
  });
  dom.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    if (dom.send.disabled) return;
    sendText(dom.input.value);
    dom.input.value = '';
    updateSendEnabled();
    dom.input.focus();
  });
  for (const chip of dom.suggestions.querySelectorAll('.chip')) {
    chip.addEventListener('click', () => sendText(chip.dataset.text || chip.textContent));
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') pollNow();
    else clearTimeout(chat.pollTimer);
  });
}

async function start() {
  for (const id of ['log', 'messages', 'notice', 'error', 'composer', 'input', 'send', 'suggestions', 'page-name']) {
    dom[id] = document.getElementById(id);
  }
  dom.pageName = dom['page-name'];
  chat.session = loadSession();
  bindComposer();

  let page;
  try {
    page = await choosePage();
  } catch {
    showError(TEXT.loadFailed);
    return;
  }
  if (!page) {
    showError(TEXT.pageNotFound);
    return;
  }
  chat.pageId = page.id;
  dom.pageName.textContent = page.name;
  document.title = page.name + TEXT.titleSuffix;
  updateSendEnabled();
  // The first poll re-draws an earlier conversation after a reload.
  await pollNow();
  scrollToBottom();
  document.documentElement.dataset.ready = 'true';
}

start();
