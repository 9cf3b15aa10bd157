// The volunteer console: log in, watch the queue of handoffs live, open one,
// claim it, answer the citizen, resolve it. Talks to /api/v1 (see api.js) and
// listens to /api/v1/events (see events.js).
// Everything a citizen, the bot or a volunteer wrote is untrusted text: it only
// reaches the page through textContent, never innerHTML.

import {
  ApiError, api, currentToken, authHeaders, errorText, setToken, setUnauthenticatedHandler,
} from './api.js';
import { EventStream } from './events.js';
import {
  AUTHOR_LABELS, CHANNEL_LABELS, DECISION_LABELS, DELIVERY_LABELS, ENTITY_LABELS, KIND_LABELS,
  durationText, fold, stateText, timeText, waitText,
} from './format.js';

const TICK_MS = 15_000;             // wait times are shown in minutes
const DELIVERY_RECHECK_MS = [1500, 3000, 6000, 12000, 24000];
const MAX_REPLY_CHARS = 2000;       // the API's limit for a volunteer message
const FAQ_SHOWN = 50;

const TEXT = {
  sessionExpired: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.',
  loggingIn: 'Đang đăng nhập…',
  login: 'Đăng nhập',
  missingFields: 'Vui lòng nhập tên đăng nhập và mật khẩu.',
  live: 'Trực tiếp',
  connecting: 'Đang kết nối…',
  retrying: 'Mất kết nối, đang thử lại…',
  queueCount: (n) => (n === 0 ? '' : `${n} cuộc`),
  position: (n) => `thứ ${n} trong hàng`,
  urgent: 'Khẩn',
  lastMessage: 'Tin cuối:',
  overdue: 'quá hạn',
  claimedAgo: (ms) => `nhận ${durationText(ms)} trước`,
  unreachable: 'Người dân hiện không nhận được tin nhắn (đã chặn hoặc rời kênh).',
  rating: (n) => `Người dân đánh giá ${n}/5`,
  claimed: 'Đã nhận xử lý. Hãy chào người dân.',
  released: 'Đã trả cuộc trò chuyện về hàng chờ.',
  resolved: 'Đã hoàn tất; người dân nhận được nút đánh giá.',
  transferred: (area) => `Đã chuyển sang ${area}.`,
  noteSaved: 'Đã lưu ghi chú.',
  notesSummary: (n) => (n === 0 ? 'Ghi chú nội bộ' : `Ghi chú nội bộ (${n})`),
  placeholderMine: 'Nhập câu trả lời…',
  placeholderWaiting: 'Bấm “Nhận xử lý” để trả lời…',
  placeholderOther: 'Chỉ người đang xử lý mới trả lời được.',
  placeholderResolved: 'Cuộc trò chuyện đã hoàn tất.',
  placeholderGone: 'Cuộc trò chuyện không còn thuộc khu vực của bạn.',
  intent: 'Ý định:',
  decision: 'Xử lý:',
  buttons: 'Nút:',
  noIntent: 'không khớp ý định nào',
  faqLoading: 'Đang tải…',
  faqCount: (shown, all) => (shown === all ? `${all} câu trả lời` : `${shown} / ${all} câu trả lời`),
  faqNone: 'Không có câu trả lời nào khớp.',
  noOtherArea: 'Không có khu vực nào khác để chuyển.',
  counter: (n) => `${n}/${MAX_REPLY_CHARS}`,
  tooLong: `Tin nhắn dài quá ${MAX_REPLY_CHARS} ký tự.`,
};

const dom = {};
const app = {
  me: null,                 // User from /login or /me
  openChats: null,
  capacity: null,
  areas: [],                // [{id, name, parent}]
  clockOffsetMs: 0,         // server clock minus ours, from each list's `now`
  handoffs: [],
  // The open conversation:
  openId: null,
  open: null,               // its Handoff
  items: new Map(),         // message id -> <li>
  lastMessageId: 0,
  deliveryTimer: 0,
  deliveryStep: 0,
  faq: null,                // {handoffId, intents}
  movedAway: false,         // we transferred it out of our areas: a 403 is expected
  readOnly: false,          // the API no longer lets us see or act on it
  busy: false,
  stream: null,
  leaving: false,
};

// ---------- small helpers ----------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function serverNow() {
  return Date.now() + app.clockOffsetMs;
}

function rememberServerClock(now) {
  if (Number.isFinite(now)) app.clockOffsetMs = now - Date.now();
}

function showLine(node, text) {
  node.textContent = text || '';
  node.hidden = !text;
}

function areaName(id) {
  return app.areas.find((a) => a.id === id)?.name || id || '';
}

function isMine(handoff) {
  return handoff?.state === 'claimed' && handoff.claimed_by?.id === app.me?.id;
}

function isAdmin() {
  return app.me?.role === 'admin';
}

// Runs `task` at most once at a time; a call while it runs queues one more run.
function coalesced(task) {
  let running = null;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        await task();
      } finally {
        running = null;
        if (again) {
          again = false;
          run();
        }
      }
    })();
    return running;
  };
  return run;
}

function quietly(promise) {
  promise.catch(() => {});
}

// ---------- views and routing ----------

function showView(name) {
  document.documentElement.dataset.view = name;
  dom.loginView.hidden = name !== 'login';
  dom.queueView.hidden = name !== 'queue';
  dom.chatView.hidden = name !== 'chat';
  const signedIn = name !== 'login' && name !== 'loading';
  dom.headerStatus.hidden = !signedIn;
  dom.logout.hidden = !signedIn;
}

function routeId() {
  const match = /^#\/h\/(\d+)$/.exec(location.hash);
  return match ? Number(match[1]) : null;
}

function route() {
  if (!app.me) return;
  const id = routeId();
  if (id) openConversation(id);
  else showQueue();
}

function goToQueue() {
  if (routeId()) location.hash = '#/';
  else showQueue();
}

// ---------- login and session ----------

function showLogin(message) {
  showView('login');
  showLine(dom.loginError, message);
  dom.loginSubmit.disabled = false;
  dom.loginSubmit.textContent = TEXT.login;
  dom.password.value = '';
  (dom.username.value ? dom.password : dom.username).focus();
}

async function onLoginSubmit(event) {
  event.preventDefault();
  const username = dom.username.value.trim();
  const password = dom.password.value;
  if (!username || !password) {
    showLine(dom.loginError, TEXT.missingFields);
    (username ? dom.password : dom.username).focus();
    return;
  }
  dom.loginSubmit.disabled = true;
  dom.loginSubmit.textContent = TEXT.loggingIn;
  showLine(dom.loginError, '');
  try {
    const reply = await api('/login', { method: 'POST', body: { username, password }, auth: false });
    setToken(reply.token);
    app.me = reply.user || null;
    if (!app.me) await refreshMe();
    dom.password.value = '';
    await enterApp();
  } catch (error) {
    showLine(dom.loginError, errorText(error));
    dom.password.select();
    dom.password.focus();
  } finally {
    dom.loginSubmit.disabled = false;
    dom.loginSubmit.textContent = TEXT.login;
  }
}

async function enterApp() {
  app.leaving = false;
  renderWho();
  quietly(loadAreas());
  quietly(refreshMe());
  app.stream.start();
  route();
}

// Back to the login form, forgetting the token and everything shown.
function leaveApp(message) {
  if (app.leaving) return;
  app.leaving = true;
  app.stream.stop();
  setToken('');
  app.me = null;
  app.handoffs = [];
  closeConversation();
  dom.queue.replaceChildren();
  for (const dialog of [dom.faqDialog, dom.noteDialog, dom.transferDialog]) {
    if (dialog.open) dialog.close();
  }
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  showLogin(message);
}

async function onLogout() {
  dom.logout.disabled = true;
  try {
    await api('/logout', { method: 'POST' });
  } catch {
    // Logged out locally either way; the token expires on its own.
  } finally {
    dom.logout.disabled = false;
  }
  leaveApp('');
}

async function refreshMe() {
  const reply = await api('/me');
  if (reply.user) app.me = reply.user;
  app.openChats = Number.isFinite(reply.open_chats) ? reply.open_chats : null;
  app.capacity = Number.isFinite(reply.capacity) ? reply.capacity : null;
  renderWho();
}

function renderWho() {
  if (!app.me) return;
  let text = app.me.display_name || app.me.username || '';
  if (app.openChats !== null && app.capacity !== null) text += ` · xử lý ${app.openChats}/${app.capacity}`;
  dom.who.textContent = text;
}

async function loadAreas() {
  const reply = await api('/areas');
  app.areas = Array.isArray(reply.areas) ? reply.areas : [];
}

// ---------- live updates ----------

function onStreamState(state) {
  dom.live.dataset.live = state === 'live' ? 'on' : 'off';
  dom.live.textContent = state === 'live' ? TEXT.live : state === 'retrying' ? TEXT.retrying : TEXT.connecting;
}

// Every (re)connection: whatever happened while disconnected was not sent.
function onStreamOpen() {
  quietly(refreshQueue());
  if (app.openId) {
    quietly(loadHandoff());
    quietly(loadMessages());
  }
}

function onStreamEvent(type, data) {
  if (type === 'hello') {
    if (data?.user) {
      app.me = { ...app.me, ...data.user };
      renderWho();
    }
    return;
  }
  const id = Number(data?.handoff_id);
  if (type === 'handoff') {
    quietly(refreshQueue());
    quietly(refreshMe());
    if (id === app.openId) quietly(loadHandoff());
  } else if (type === 'message') {
    if (id === app.openId) quietly(loadMessages());
    quietly(refreshQueue());
  } else {
    // An event this page does not know (e.g. "events were dropped"): re-read all.
    onStreamOpen();
  }
}

// ---------- the queue ----------

const refreshQueue = coalesced(async () => {
  if (!app.me) return;
  try {
    const reply = await api('/handoffs');
    rememberServerClock(reply.now);
    app.handoffs = Array.isArray(reply.handoffs) ? reply.handoffs : [];
    showLine(dom.queueError, '');
    renderQueue();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    showLine(dom.queueError, errorText(error));
  }
});

function showQueue() {
  const previous = app.openId;
  closeConversation();
  showView('queue');
  renderQueue();
  quietly(refreshQueue());
  // Keep the keyboard where it was: on the conversation just left.
  const item = previous && dom.queue.querySelector(`li[data-id="${previous}"] .handoff-button`);
  if (item) item.focus();
}

function waitLabel(handoff, now) {
  if (handoff.state === 'claimed' && Number.isFinite(handoff.claimed_at)) {
    return TEXT.claimedAgo(now - handoff.claimed_at);
  }
  let text = waitText(now - handoff.created_at);
  if (isLate(handoff, now)) text += ` · ${TEXT.overdue}`;
  return text;
}

function isLate(handoff, now) {
  return handoff.state === 'waiting' && Number.isFinite(handoff.deadline_at) && now > handoff.deadline_at;
}

function makeQueueItem(handoff, now) {
  const item = el('li', 'handoff');
  item.dataset.id = String(handoff.id);
  item.dataset.state = handoff.state || '';
  item.classList.toggle('is-urgent', Boolean(handoff.urgent));
  item.classList.toggle('is-mine', isMine(handoff));
  const button = el('button', 'handoff-button');
  button.type = 'button';
  button.addEventListener('click', () => { location.hash = `#/h/${handoff.id}`; });

  const top = el('span', 'handoff-top');
  top.append(el('span', 'handoff-name', handoff.citizen?.display_name || 'Người dân'));
  if (handoff.urgent) top.append(el('span', 'badge badge-urgent', TEXT.urgent));
  button.append(top);

  button.append(el('span', 'handoff-reason', handoff.reason_label || handoff.reason || ''));

  const status = el('span', 'handoff-status');
  status.append(el('span', `handoff-state state-${handoff.state}`, stateText(handoff, app.me)));
  const wait = el('span', 'handoff-wait', waitLabel(handoff, now));
  wait.classList.toggle('is-late', isLate(handoff, now));
  status.append(wait);
  if (handoff.state === 'waiting' && Number.isFinite(handoff.position)) {
    status.append(el('span', 'handoff-position', TEXT.position(handoff.position)));
  }
  button.append(status);

  const channel = CHANNEL_LABELS[handoff.page?.channel] || handoff.page?.channel || '';
  const where = [handoff.page?.name, channel].filter(Boolean).join(' · ');
  button.append(el('span', 'handoff-page', where));

  if (handoff.last_message?.text) {
    const last = el('span', 'handoff-last');
    last.append(el('span', 'visually-hidden', `${TEXT.lastMessage} `));
    last.append(document.createTextNode(handoff.last_message.text));
    button.append(last);
  }
  item.append(button);
  return item;
}

function renderQueue() {
  const now = serverNow();
  const focusedId = document.activeElement?.closest?.('li.handoff')?.dataset.id;
  dom.queue.replaceChildren(...app.handoffs.map((h) => makeQueueItem(h, now)));
  dom.queueEmpty.hidden = app.handoffs.length > 0;
  dom.queueCount.textContent = TEXT.queueCount(app.handoffs.length);
  if (focusedId) dom.queue.querySelector(`li[data-id="${focusedId}"] .handoff-button`)?.focus();
}

// Wait times tick on the client between list fetches.
function tick() {
  const now = serverNow();
  for (const handoff of app.handoffs) {
    const wait = dom.queue.querySelector(`li[data-id="${handoff.id}"] .handoff-wait`);
    if (!wait) continue;
    wait.textContent = waitLabel(handoff, now);
    wait.classList.toggle('is-late', isLate(handoff, now));
  }
  if (app.open) renderChatHead();
}

// ---------- one conversation ----------

function closeConversation() {
  app.openId = null;
  app.open = null;
  app.items.clear();
  app.lastMessageId = 0;
  app.faq = null;
  app.movedAway = false;
  app.readOnly = false;
  clearTimeout(app.deliveryTimer);
  dom.messages.replaceChildren();
  dom.notesList.replaceChildren();
  dom.reply.value = '';
  showLine(dom.chatError, '');
  showLine(dom.chatNotice, '');
}

function openConversation(id) {
  if (app.openId === id && document.documentElement.dataset.view === 'chat') return;
  closeConversation();
  app.openId = id;
  // Draw what the queue already knows at once; the fetches fill in the rest.
  app.open = app.handoffs.find((h) => h.id === id) || null;
  dom.notes.open = false;
  showView('chat');
  renderChatHead();
  renderNotes();
  updateActions();
  dom.chatTitle.focus();
  quietly(loadHandoff());
  quietly(loadMessages().then(() => scrollToEnd()));
}

const loadHandoff = coalesced(async () => {
  const id = app.openId;
  if (!id) return;
  try {
    const reply = await api(`/handoffs/${id}`);
    if (id !== app.openId) return;
    rememberServerClock(reply.now);
    app.open = reply.handoff || null;
    renderChatHead();
    renderNotes();
    updateActions();
  } catch (error) {
    if (id !== app.openId || (error instanceof ApiError && error.status === 401)) return;
    const gone = error instanceof ApiError && (error.status === 404 || error.status === 403);
    // What we last saw stays on screen, but nothing can be done with it.
    if (gone) {
      app.readOnly = true;
      updateActions();
    }
    if (!(gone && app.movedAway)) showLine(dom.chatError, errorText(error));
  }
});

function renderChatHead() {
  const h = app.open;
  dom.chatTitle.textContent = h?.citizen?.display_name || (h ? 'Người dân' : '');
  if (h?.urgent) dom.chatTitle.append(' ', el('span', 'badge badge-urgent', TEXT.urgent));
  if (!h) {
    dom.chatReason.textContent = '';
    dom.chatSub.textContent = '';
    dom.chatState.textContent = '';
    return;
  }
  const channel = CHANNEL_LABELS[h.page?.channel] || h.page?.channel || '';
  dom.chatReason.textContent = h.reason_label || h.reason || '';
  dom.chatSub.textContent = [h.page?.name, channel, h.area_name || areaName(h.area)].filter(Boolean).join(' · ');
  const now = serverNow();
  const parts = [stateText(h, app.me)];
  if (h.state !== 'resolved') parts.push(waitLabel(h, now));
  if (h.state === 'waiting' && Number.isFinite(h.position)) parts.push(TEXT.position(h.position));
  if (Number.isInteger(h.rating)) parts.push(TEXT.rating(h.rating));
  dom.chatState.textContent = parts.join(' · ');
  dom.chatState.dataset.state = h.state || '';
  dom.chatState.classList.toggle('is-late', isLate(h, now));
  if (h.citizen && h.citizen.reachable === false) showLine(dom.chatNotice, TEXT.unreachable);
}

function updateActions() {
  const h = app.readOnly ? null : app.open;
  const mine = isMine(h);
  const holderOrAdmin = mine || (h?.state === 'claimed' && isAdmin());
  const busy = app.busy;
  dom.claim.disabled = busy || h?.state !== 'waiting';
  dom.release.disabled = busy || !holderOrAdmin;
  dom.resolve.disabled = busy || !holderOrAdmin;
  dom.transferOpen.disabled = busy || !h || h.state === 'resolved' || (h.state === 'claimed' && !holderOrAdmin);
  dom.noteOpen.disabled = !h;
  dom.reply.disabled = !mine;
  dom.faqOpen.disabled = !mine;
  dom.reply.placeholder = mine ? TEXT.placeholderMine
    : app.readOnly ? TEXT.placeholderGone
    : h?.state === 'waiting' ? TEXT.placeholderWaiting
      : h?.state === 'resolved' ? TEXT.placeholderResolved : TEXT.placeholderOther;
  updateSendEnabled();
}

function updateSendEnabled() {
  const length = [...dom.reply.value].length;
  dom.send.disabled = app.busy || !isMine(app.open) || dom.reply.value.trim() === '' || length > MAX_REPLY_CHARS;
  dom.counter.textContent = length > MAX_REPLY_CHARS * 0.8 ? TEXT.counter(length) : '';
  dom.counter.classList.toggle('is-over', length > MAX_REPLY_CHARS);
}

// Runs one action on the open handoff; the buttons stay disabled meanwhile
// so a double tap cannot claim twice.
async function act(task) {
  if (app.busy) return;
  app.busy = true;
  updateActions();
  showLine(dom.chatError, '');
  showLine(dom.chatNotice, '');
  try {
    await task();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) showLine(dom.chatError, errorText(error));
    // A conflict means our copy is stale: fetch the truth.
    if (error instanceof ApiError && (error.status === 409 || error.status === 403)) quietly(loadHandoff());
  } finally {
    app.busy = false;
    updateActions();
  }
}

function applyHandoff(handoff) {
  if (!handoff || handoff.id !== app.openId) return;
  app.open = { ...app.open, ...handoff, notes: handoff.notes ?? app.open?.notes };
  renderChatHead();
  renderNotes();
}

function postAction(name, body) {
  return api(`/handoffs/${app.openId}/${name}`, { method: 'POST', body });
}

function onClaim() {
  return act(async () => {
    const reply = await postAction('claim');
    applyHandoff(reply.handoff);
    showLine(dom.chatNotice, TEXT.claimed);
    quietly(refreshMe());
    // Focus after act() re-enables the box.
    setTimeout(() => dom.reply.focus(), 0);
  });
}

function onRelease() {
  return act(async () => {
    const reply = await postAction('release');
    applyHandoff(reply.handoff);
    showLine(dom.chatNotice, TEXT.released);
    quietly(refreshMe());
  });
}

function onResolve() {
  return act(async () => {
    const reply = await postAction('resolve');
    applyHandoff(reply.handoff);
    showLine(dom.chatNotice, TEXT.resolved);
    quietly(refreshMe());
    quietly(loadMessages());
  });
}

// ---------- transcript ----------

const loadMessages = coalesced(async () => {
  const id = app.openId;
  if (!id) return;
  const after = app.lastMessageId;
  try {
    const reply = await api(`/handoffs/${id}/messages${after ? `?after=${after}` : ''}`);
    if (id !== app.openId) return;
    addMessages(reply.messages);
  } catch (error) {
    if (id !== app.openId || (error instanceof ApiError && error.status === 401)) return;
    showLine(dom.chatError, errorText(error));
  }
});

// Re-reads the whole transcript while an outbound message is still pending,
// so "Đang gửi…" turns into "Đã gửi" (the API sends no event for that).
const recheckDelivery = coalesced(async () => {
  const id = app.openId;
  if (!id) return;
  try {
    const reply = await api(`/handoffs/${id}/messages`);
    if (id === app.openId) addMessages(reply.messages);
  } catch {
    // Retried by the next scheduled check.
  }
});

function scheduleDeliveryCheck(restart) {
  if (restart) app.deliveryStep = 0;
  clearTimeout(app.deliveryTimer);
  const pending = [...app.items.values()].some((item) => item.dataset.delivery === 'pending');
  if (!pending || app.deliveryStep >= DELIVERY_RECHECK_MS.length) return;
  const delay = DELIVERY_RECHECK_MS[app.deliveryStep];
  app.deliveryStep += 1;
  app.deliveryTimer = setTimeout(() => {
    recheckDelivery().then(() => scheduleDeliveryCheck(false));
  }, delay);
}

function isNearEnd() {
  const log = dom.log;
  return log.scrollHeight - log.scrollTop - log.clientHeight < 120;
}

function scrollToEnd() {
  dom.log.scrollTop = dom.log.scrollHeight;
}

function addMessages(messages) {
  if (!Array.isArray(messages)) return;
  const follow = isNearEnd();
  let added = false;
  for (const message of messages) {
    if (!message || !Number.isInteger(message.id)) continue;
    const existing = app.items.get(message.id);
    if (existing) {
      setDelivery(existing, message.delivery);
      continue;
    }
    const item = makeMessage(message);
    app.items.set(message.id, item);
    // Normally appended; an older message (from a full re-read) goes in order.
    const next = [...app.items.entries()].filter(([id]) => id > message.id).sort((a, b) => a[0] - b[0])[0];
    if (next && next[1].isConnected) dom.messages.insertBefore(item, next[1]);
    else dom.messages.append(item);
    app.lastMessageId = Math.max(app.lastMessageId, message.id);
    added = true;
  }
  if (added && follow) scrollToEnd();
  scheduleDeliveryCheck(added);
}

function setDelivery(item, delivery) {
  const label = item.querySelector('.delivery');
  if (!label || !delivery) return;
  item.dataset.delivery = delivery;
  label.textContent = DELIVERY_LABELS[delivery] || delivery;
  label.className = `delivery delivery-${delivery}`;
}

function makeMessage(message) {
  const author = AUTHOR_LABELS[message.author] ? message.author : 'system';
  const item = el('li', `msg msg-${author}`);
  item.dataset.id = String(message.id);
  item.dataset.author = author;
  const bubble = el('div', 'bubble');

  const who = message.author_name && author !== 'bot'
    ? `${AUTHOR_LABELS[author]} ${message.author_name}` : AUTHOR_LABELS[author];
  bubble.append(el('span', 'meta', [who, timeText(message.created_at)].filter(Boolean).join(' · ')));

  // A pressed button arrives as readable text already ("Bấm nút: …").
  const plain = !message.kind || message.kind === 'text' || message.kind === 'button';
  const kind = plain ? '' : KIND_LABELS[message.kind] || message.kind;
  if (kind) bubble.append(el('span', 'kind', kind));
  if (message.text) bubble.append(el('p', 'text', message.text));

  if (Array.isArray(message.buttons) && message.buttons.length > 0) {
    const row = el('p', 'msg-buttons');
    row.append(el('span', 'label', `${TEXT.buttons} `));
    for (const label of message.buttons) {
      const text = typeof label === 'string' ? label : label?.label;
      if (text) row.append(el('span', 'msg-button', text));
    }
    bubble.append(row);
  }

  if (message.intent || message.decision) {
    const info = el('div', 'match');
    if (message.intent || author === 'bot') {
      const line = el('p', 'match-intent');
      line.append(el('span', 'label', `${TEXT.intent} `));
      if (message.intent) {
        line.append(el('code', 'intent-id', message.intent));
        if (message.intent_description) {
          const description = el('span', 'intent-description', message.intent_description);
          description.title = message.intent_description;
          line.append(description);
        }
      } else {
        line.append(el('span', '', TEXT.noIntent));
      }
      info.append(line);
    }
    if (message.decision) {
      const line = el('p', 'match-decision');
      line.append(el('span', 'label', `${TEXT.decision} `));
      line.append(el('span', `decision decision-${message.decision}`, DECISION_LABELS[message.decision] || message.decision));
      info.append(line);
    }
    bubble.append(info);
  }

  if (Array.isArray(message.entities) && message.entities.length > 0) {
    const chips = el('ul', 'entities');
    chips.setAttribute('aria-label', 'Thông tin nhận ra');
    for (const entity of message.entities) {
      const name = ENTITY_LABELS[entity?.name] || entity?.name || '';
      chips.append(el('li', 'entity', `${name}: ${entity?.value ?? ''}`));
    }
    bubble.append(chips);
  }

  item.append(bubble);
  if (message.delivery) {
    bubble.append(el('span', 'delivery'));
    setDelivery(item, message.delivery);
  }
  return item;
}

// ---------- notes ----------

function renderNotes() {
  const notes = Array.isArray(app.open?.notes) ? app.open.notes : [];
  dom.notesSummary.textContent = TEXT.notesSummary(notes.length);
  dom.notesEmpty.hidden = notes.length > 0;
  dom.notesList.replaceChildren(...notes.map((note) => {
    const item = el('li', 'note');
    item.dataset.id = String(note.id);
    item.append(el('span', 'meta', [note.author?.display_name, timeText(note.created_at)].filter(Boolean).join(' · ')));
    item.append(el('p', 'text', note.text));
    return item;
  }));
}

function openNoteDialog() {
  showLine(dom.noteError, '');
  dom.noteText.value = '';
  dom.noteDialog.showModal();
  dom.noteText.focus();
}

async function onNoteSubmit(event) {
  event.preventDefault();
  const text = dom.noteText.value.trim();
  if (!text) {
    dom.noteText.focus();
    return;
  }
  dom.noteSave.disabled = true;
  showLine(dom.noteError, '');
  try {
    const reply = await api(`/handoffs/${app.openId}/notes`, { method: 'POST', body: { text } });
    if (app.open && reply.note) {
      app.open.notes = [...(app.open.notes || []), reply.note];
      renderNotes();
    }
    dom.noteDialog.close();
    dom.notes.open = true;
    showLine(dom.chatNotice, TEXT.noteSaved);
  } catch (error) {
    showLine(dom.noteError, errorText(error));
  } finally {
    dom.noteSave.disabled = false;
  }
}

// ---------- transfer ----------

async function openTransferDialog() {
  showLine(dom.transferError, '');
  if (app.areas.length === 0) {
    try {
      await loadAreas();
    } catch (error) {
      showLine(dom.chatError, errorText(error));
      return;
    }
  }
  const choices = app.areas.filter((a) => a.id !== app.open?.area);
  dom.transferArea.replaceChildren(...choices.map((area) => {
    const option = el('option', '', area.name && area.name !== area.id ? `${area.name} (${area.id})` : area.id);
    option.value = area.id;
    return option;
  }));
  dom.transferSave.disabled = choices.length === 0;
  if (choices.length === 0) showLine(dom.transferError, TEXT.noOtherArea);
  dom.transferDialog.showModal();
  dom.transferArea.focus();
}

async function onTransferSubmit(event) {
  event.preventDefault();
  const area = dom.transferArea.value;
  if (!area) return;
  dom.transferSave.disabled = true;
  showLine(dom.transferError, '');
  try {
    const reply = await postAction('transfer', { area });
    app.movedAway = !isAdmin() && !(app.me?.areas || []).includes(area);
    applyHandoff(reply.handoff);
    updateActions();
    dom.transferDialog.close();
    showLine(dom.chatNotice, TEXT.transferred(areaName(area)));
    quietly(refreshMe());
  } catch (error) {
    showLine(dom.transferError, errorText(error));
  } finally {
    dom.transferSave.disabled = false;
  }
}

// ---------- FAQ insert ----------

async function openFaqDialog() {
  dom.faqSearch.value = '';
  dom.faqDialog.showModal();
  dom.faqSearch.focus();
  const id = app.openId;
  if (app.faq?.handoffId === id) {
    renderFaq();
    return;
  }
  dom.faqList.replaceChildren();
  dom.faqStatus.textContent = TEXT.faqLoading;
  try {
    const reply = await api(`/handoffs/${id}/faq`);
    if (id !== app.openId) return;
    app.faq = { handoffId: id, intents: Array.isArray(reply.intents) ? reply.intents : [] };
    renderFaq();
  } catch (error) {
    dom.faqStatus.textContent = errorText(error);
  }
}

function renderFaq() {
  const intents = app.faq?.intents || [];
  const words = fold(dom.faqSearch.value).split(/\s+/).filter(Boolean);
  const matches = intents.filter((intent) => {
    const haystack = fold(`${intent.id} ${intent.topic} ${intent.description} ${intent.answer}`);
    return words.every((w) => haystack.includes(w));
  });
  const shown = matches.slice(0, FAQ_SHOWN);
  dom.faqStatus.textContent = matches.length === 0 ? TEXT.faqNone : TEXT.faqCount(shown.length, matches.length);
  dom.faqList.replaceChildren(...shown.map((intent) => {
    const item = el('li', 'faq-item');
    const button = el('button', 'faq-button');
    button.type = 'button';
    button.dataset.intent = intent.id;
    button.append(el('span', 'faq-description', intent.description || intent.id));
    button.append(el('span', 'faq-id', intent.id));
    button.append(el('span', 'faq-answer', intent.answer || ''));
    button.addEventListener('click', () => insertAnswer(intent.answer || ''));
    item.append(button);
    return item;
  }));
}

// Puts the answer in the reply box for editing; after any text already there.
function insertAnswer(answer) {
  const current = dom.reply.value.trimEnd();
  dom.reply.value = current ? `${current}\n\n${answer}` : answer;
  dom.faqDialog.close();
  updateSendEnabled();
  dom.reply.focus();
  dom.reply.setSelectionRange(dom.reply.value.length, dom.reply.value.length);
}

// ---------- sending ----------

function onSend(event) {
  event.preventDefault();
  if (dom.send.disabled) return;
  const text = dom.reply.value.trim();
  return act(async () => {
    const reply = await api(`/handoffs/${app.openId}/messages`, { method: 'POST', body: { text } });
    // Cleared only when sent, so a refused message can be fixed and resent.
    if (dom.reply.value.trim() === text) dom.reply.value = '';
    addMessages(reply.message ? [reply.message] : []);
    scrollToEnd();
    quietly(loadMessages());
    setTimeout(() => dom.reply.focus(), 0);
  });
}

// ---------- start-up ----------

function bind() {
  const ids = {
    loginView: 'login-view', queueView: 'queue-view', chatView: 'chat-view',
    loginForm: 'login-form', username: 'username', password: 'password', loginError: 'login-error',
    loginSubmit: 'login-submit', logout: 'logout', headerStatus: 'header-status', who: 'who', live: 'live',
    queue: 'queue', queueEmpty: 'queue-empty', queueError: 'queue-error', queueCount: 'queue-count',
    back: 'back', chatTitle: 'chat-title', chatReason: 'chat-reason', chatSub: 'chat-sub', chatState: 'chat-state',
    claim: 'claim', release: 'release', resolve: 'resolve', noteOpen: 'note-open', transferOpen: 'transfer-open',
    chatNotice: 'chat-notice', chatError: 'chat-error', log: 'log', messages: 'messages',
    notes: 'notes', notesSummary: 'notes-summary', notesEmpty: 'notes-empty', notesList: 'notes-list',
    composer: 'composer', reply: 'reply', send: 'send', faqOpen: 'faq-open', counter: 'counter',
    faqDialog: 'faq-dialog', faqForm: 'faq-form', faqCancel: 'faq-cancel', faqSearch: 'faq-search', faqStatus: 'faq-status', faqList: 'faq-list',
    noteDialog: 'note-dialog', noteForm: 'note-form', noteText: 'note-text', noteError: 'note-error',
    noteSave: 'note-save', noteCancel: 'note-cancel',
    transferDialog: 'transfer-dialog', transferForm: 'transfer-form', transferArea: 'transfer-area',
    transferError: 'transfer-error', transferSave: 'transfer-save', transferCancel: 'transfer-cancel',
  };
  for (const [key, id] of Object.entries(ids)) dom[key] = document.getElementById(id);

  dom.loginForm.addEventListener('submit', onLoginSubmit);
  dom.logout.addEventListener('click', onLogout);
  dom.back.addEventListener('click', goToQueue);
  dom.claim.addEventListener('click', onClaim);
  dom.release.addEventListener('click', onRelease);
  dom.resolve.addEventListener('click', onResolve);
  dom.noteOpen.addEventListener('click', openNoteDialog);
  dom.noteForm.addEventListener('submit', onNoteSubmit);
  dom.noteCancel.addEventListener('click', () => dom.noteDialog.close());
  dom.transferOpen.addEventListener('click', openTransferDialog);
  dom.transferForm.addEventListener('submit', onTransferSubmit);
  dom.transferCancel.addEventListener('click', () => dom.transferDialog.close());
  dom.faqOpen.addEventListener('click', openFaqDialog);
  dom.faqSearch.addEventListener('input', renderFaq);
  dom.faqForm.addEventListener('submit', (event) => {
    // Enter in the search box takes the first answer.
    event.preventDefault();
    dom.faqList.querySelector('.faq-button')?.click();
  });
  dom.faqCancel.addEventListener('click', () => dom.faqDialog.close());
  dom.composer.addEventListener('submit', onSend);
  dom.reply.addEventListener('input', updateSendEnabled);
  dom.reply.addEventListener('keydown', (event) => {
    // Ctrl/Cmd+Enter sends; a plain Enter is a new line (replies are often long).
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
      event.preventDefault();
      dom.composer.requestSubmit();
    }
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('online', () => app.stream?.restart());
  setInterval(tick, TICK_MS);

  setUnauthenticatedHandler(() => leaveApp(TEXT.sessionExpired));
  app.stream = new EventStream({
    headers: authHeaders,
    onEvent: onStreamEvent,
    onState: onStreamState,
    onOpen: onStreamOpen,
    onUnauthenticated: () => leaveApp(TEXT.sessionExpired),
  });
}

async function start() {
  bind();
  if (!currentToken()) {
    showLogin('');
    return;
  }
  // A reload in the same tab keeps the session.
  try {
    await refreshMe();
    await enterApp();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) {
      setToken('');
      showLogin(errorText(error));
    }
  }
}

start();
