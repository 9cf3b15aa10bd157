// The transcript of the open conversation (GET /handoffs/{id}/messages): each
// message drawn once, in id order, with what the bot understood of it, and
// the delivery state of outbound messages kept up to date.

import { byIds, el } from '/common/dom.js';
import { ApiError, api, errorText } from './api.js';
import {
  AUTHOR_LABELS, DECISION_LABELS, DELIVERY_LABELS, ENTITY_LABELS, KIND_LABELS, timeText,
} from './format.js';
import { showChatError } from './notices.js';
import { app } from './state.js';
import { coalesced } from './tasks.js';

// The API sends no event when a message is delivered: re-read on this schedule
// while one is still pending.
const DELIVERY_RECHECK_MS = [1500, 3000, 6000, 12000, 24000];
// Within this many pixels of the end, a new message scrolls the log along.
const FOLLOW_PX = 120;

const TEXT = {
  buttons: 'Nút:',
  intent: 'Ý định:',
  noIntent: 'không khớp ý định nào',
  decision: 'Xử lý:',
  entities: 'Thông tin nhận ra',
};

const ui = byIds({ log: 'log', messages: 'messages' });

const shown = new Map();    // message id -> its <li>
let lastMessageId = 0;      // the next fetch asks only for what came after
let deliveryTimer = 0;
let deliveryStep = 0;

export function clearTranscript() {
  shown.clear();
  lastMessageId = 0;
  clearTimeout(deliveryTimer);
  ui.messages.replaceChildren();
}

// Fetches the messages not shown yet.
export const loadMessages = coalesced(async () => {
  const id = app.openId;
  if (!id) return;
  const after = lastMessageId;
  try {
    const reply = await api(`/handoffs/${id}/messages${after ? `?after=${after}` : ''}`);
    if (id !== app.openId) return;
    addMessages(reply.messages);
  } catch (error) {
    if (id !== app.openId || (error instanceof ApiError && error.status === 401)) return;
    showChatError(errorText(error));
  }
});

// Re-reads the whole transcript while an outbound message is still pending,
// so "Đang gửi…" turns into "Đã gửi".
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
  if (restart) deliveryStep = 0;
  clearTimeout(deliveryTimer);
  const pending = [...shown.values()].some((item) => item.dataset.delivery === 'pending');
  if (!pending || deliveryStep >= DELIVERY_RECHECK_MS.length) return;
  const delay = DELIVERY_RECHECK_MS[deliveryStep];
  deliveryStep += 1;
  deliveryTimer = setTimeout(() => {
    recheckDelivery().then(() => scheduleDeliveryCheck(false));
  }, delay);
}

function isNearEnd() {
  return ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < FOLLOW_PX;
}

export function scrollToEnd() {
  ui.log.scrollTop = ui.log.scrollHeight;
}

// Draws the new ones among `messages`; for those already shown only the
// delivery state can change. The log follows only if it was at the end, so
// someone reading older messages is not pulled away.
export function addMessages(messages) {
  if (!Array.isArray(messages)) return;
  const follow = isNearEnd();
  let added = false;
  for (const message of messages) {
    if (!message || !Number.isInteger(message.id)) continue;
    const existing = shown.get(message.id);
    if (existing) {
      setDelivery(existing, message.delivery);
      continue;
    }
    const item = makeMessage(message);
    shown.set(message.id, item);
    // Normally appended; an older message (from a full re-read) goes in order.
    const next = [...shown.entries()].filter(([id]) => id > message.id).sort((a, b) => a[0] - b[0])[0];
    if (next && next[1].isConnected) ui.messages.insertBefore(item, next[1]);
    else ui.messages.append(item);
    lastMessageId = Math.max(lastMessageId, message.id);
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

  if (Array.isArray(message.buttons) && message.buttons.length > 0) bubble.append(makeButtons(message.buttons));
  if (message.intent || message.decision) bubble.append(makeMatch(message, author));
  if (Array.isArray(message.entities) && message.entities.length > 0) bubble.append(makeEntities(message.entities));

  item.append(bubble);
  if (message.delivery) {
    bubble.append(el('span', 'delivery'));
    setDelivery(item, message.delivery);
  }
  return item;
}

// The buttons the bot offered with a message.
function makeButtons(buttons) {
  const row = el('p', 'msg-buttons');
  row.append(el('span', 'label', `${TEXT.buttons} `));
  for (const label of buttons) {
    const text = typeof label === 'string' ? label : label?.label;
    if (text) row.append(el('span', 'msg-button', text));
  }
  return row;
}

// Which intent the bot matched and what it decided to do: why it answered as
// it did, or why the conversation reached a volunteer.
function makeMatch(message, author) {
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
  return info;
}

// The details the bot recognised in a message (an ID number, a dossier code…).
function makeEntities(entities) {
  const chips = el('ul', 'entities');
  chips.setAttribute('aria-label', TEXT.entities);
  for (const entity of entities) {
    const name = ENTITY_LABELS[entity?.name] || entity?.name || '';
    chips.append(el('li', 'entity', `${name}: ${entity?.value ?? ''}`));
  }
  return chips;
}
