// The conversation view's controller: opening and closing a handoff, keeping
// its state fresh (GET /handoffs/{id}), the action buttons (claim, release,
// resolve) and the reply box. The head and notes are drawn by
// handoff-details.js, the messages by transcript.js.

import { byIds } from '/common/dom.js';
import { ApiError, api, errorText } from './api.js';
import {
  clearNotes, focusChatTitle, renderChatHead, renderNotes, setNotesOpen,
} from './handoff-details.js';
import { clearChatNotices, showChatError, showChatNotice } from './notices.js';
import { refreshMe } from './session.js';
import { app, isAdmin, isMine, rememberServerClock } from './state.js';
import { coalesced, quietly } from './tasks.js';
import { addMessages, clearTranscript, loadMessages, scrollToEnd } from './transcript.js';
import { currentView, showView } from './views.js';

const MAX_REPLY_CHARS = 2000;       // the API's limit for a volunteer message

const TEXT = {
  claimed: 'Đã nhận xử lý. Hãy chào người dân.',
  released: 'Đã trả cuộc trò chuyện về hàng chờ.',
  resolved: 'Đã hoàn tất; người dân nhận được nút đánh giá.',
  placeholderMine: 'Nhập câu trả lời…',
  placeholderWaiting: 'Bấm “Nhận xử lý” để trả lời…',
  placeholderOther: 'Chỉ người đang xử lý mới trả lời được.',
  placeholderResolved: 'Cuộc trò chuyện đã hoàn tất.',
  placeholderGone: 'Cuộc trò chuyện không còn thuộc khu vực của bạn.',
  counter: (n) => `${n}/${MAX_REPLY_CHARS}`,
};

const ui = byIds({
  claim: 'claim', release: 'release', resolve: 'resolve', noteOpen: 'note-open', transferOpen: 'transfer-open',
  composer: 'composer', reply: 'reply', send: 'send', faqOpen: 'faq-open', counter: 'counter',
});

let busy = false;           // an action is in flight: its buttons stay disabled
let readOnly = false;       // the API no longer lets us see or act on it

export function bindConversation() {
  ui.claim.addEventListener('click', claim);
  ui.release.addEventListener('click', release);
  ui.resolve.addEventListener('click', resolve);
  ui.composer.addEventListener('submit', send);
  ui.reply.addEventListener('input', updateSendEnabled);
  ui.reply.addEventListener('keydown', (event) => {
    // Ctrl/Cmd+Enter sends; a plain Enter is a new line (replies are often long).
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
      event.preventDefault();
      ui.composer.requestSubmit();
    }
  });
}

// ---------- opening and closing ----------

export function openConversation(id) {
  if (app.openId === id && currentView() === 'chat') return;
  closeConversation();
  app.openId = id;
  // Draw what the queue already knows at once; the fetches fill in the rest.
  app.open = app.handoffs.find((h) => h.id === id) || null;
  setNotesOpen(false);
  showView('chat');
  renderChatHead();
  renderNotes();
  updateActions();
  focusChatTitle();
  quietly(loadHandoff());
  quietly(loadMessages().then(() => scrollToEnd()));
}

// Forgets the open conversation, including an unsent reply.
export function closeConversation() {
  app.openId = null;
  app.open = null;
  app.faq = null;
  app.movedAway = false;
  readOnly = false;
  clearTranscript();
  clearNotes();
  ui.reply.value = '';
  clearChatNotices();
}

// The conversation's clock-driven text (how long it has waited) moves on.
export function tickConversation() {
  if (app.open) renderChatHead();
}

export const loadHandoff = coalesced(async () => {
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
      readOnly = true;
      updateActions();
    }
    if (!(gone && app.movedAway)) showChatError(errorText(error));
  }
});

// Takes the handoff an action answered with, keeping our notes if it has none.
export function applyHandoff(handoff) {
  if (!handoff || handoff.id !== app.openId) return;
  app.open = { ...app.open, ...handoff, notes: handoff.notes ?? app.open?.notes };
  renderChatHead();
  renderNotes();
}

// ---------- actions ----------

// Enables what the volunteer may do now: a waiting handoff can be claimed;
// only its holder (or an admin) can release or resolve it, and only the
// holder can reply.
export function updateActions() {
  const h = readOnly ? null : app.open;
  const mine = isMine(h);
  const holderOrAdmin = mine || (h?.state === 'claimed' && isAdmin());
  ui.claim.disabled = busy || h?.state !== 'waiting';
  ui.release.disabled = busy || !holderOrAdmin;
  ui.resolve.disabled = busy || !holderOrAdmin;
  ui.transferOpen.disabled = busy || !h || h.state === 'resolved' || (h.state === 'claimed' && !holderOrAdmin);
  ui.noteOpen.disabled = !h;
  ui.reply.disabled = !mine;
  ui.faqOpen.disabled = !mine;
  ui.reply.placeholder = mine ? TEXT.placeholderMine
    : readOnly ? TEXT.placeholderGone
    : h?.state === 'waiting' ? TEXT.placeholderWaiting
      : h?.state === 'resolved' ? TEXT.placeholderResolved : TEXT.placeholderOther;
  updateSendEnabled();
}

export function postAction(name, body) {
  return api(`/handoffs/${app.openId}/${name}`, { method: 'POST', body });
}

// Runs one action on the open handoff; the buttons stay disabled meanwhile
// so a double tap cannot claim twice.
async function act(task) {
  if (busy) return;
  busy = true;
  updateActions();
  clearChatNotices();
  try {
    await task();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) showChatError(errorText(error));
    // A conflict means our copy is stale: fetch the truth.
    if (error instanceof ApiError && (error.status === 409 || error.status === 403)) quietly(loadHandoff());
  } finally {
    busy = false;
    updateActions();
  }
}

// Claim, release and resolve: the handoff changes hands, and with it the
// volunteer's count of open chats in the header. `then` runs on success.
function changeState(action, notice, then = () => {}) {
  return act(async () => {
    const reply = await postAction(action);
    applyHandoff(reply.handoff);
    showChatNotice(notice);
    quietly(refreshMe());
    then();
  });
}

function claim() {
  // Focus after act() re-enables the box.
  return changeState('claim', TEXT.claimed, () => setTimeout(() => ui.reply.focus(), 0));
}

function release() {
  return changeState('release', TEXT.released);
}

function resolve() {
  // Resolving sends the citizen the rating buttons: show that message.
  return changeState('resolve', TEXT.resolved, () => quietly(loadMessages()));
}

// ---------- the reply box ----------

function updateSendEnabled() {
  const length = [...ui.reply.value].length;
  ui.send.disabled = busy || !isMine(app.open) || ui.reply.value.trim() === '' || length > MAX_REPLY_CHARS;
  // The count appears only near the limit, so it does not distract before.
  ui.counter.textContent = length > MAX_REPLY_CHARS * 0.8 ? TEXT.counter(length) : '';
  ui.counter.classList.toggle('is-over', length > MAX_REPLY_CHARS);
}

// Puts text in the reply box for editing, after any text already there.
export function appendToReply(text) {
  const current = ui.reply.value.trimEnd();
  ui.reply.value = current ? `${current}\n\n${text}` : text;
  updateSendEnabled();
  ui.reply.focus();
  ui.reply.setSelectionRange(ui.reply.value.length, ui.reply.value.length);
}

function send(event) {
  event.preventDefault();
  if (ui.send.disabled) return;
  const text = ui.reply.value.trim();
  return act(async () => {
    const reply = await api(`/handoffs/${app.openId}/messages`, { method: 'POST', body: { text } });
    // Cleared only when sent, so a refused message can be fixed and resent.
    if (ui.reply.value.trim() === text) ui.reply.value = '';
    addMessages(reply.message ? [reply.message] : []);
    scrollToEnd();
    quietly(loadMessages());
    setTimeout(() => ui.reply.focus(), 0);
  });
}
