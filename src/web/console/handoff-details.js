// Draws what is known about the open handoff (app.open): the head of the
// conversation view (who, why, where, its state) and the private notes.
// Rendering only; conversation.js decides when.

import { byIds, el } from '/common/dom.js';
import {
  URGENT_LABEL, WINDOW_LABEL, channelText, handoffWaitText, isOverdue, positionText, stateText, timeText,
} from './format.js';
import { showChatNotice } from './notices.js';
import { app, areaName, serverNow } from './state.js';

const TEXT = {
  anonymous: 'Người dân',
  rating: (n) => `Người dân đánh giá ${n}/5`,
  unreachable: 'Người dân hiện không nhận được tin nhắn (đã chặn hoặc rời kênh).',
  notesSummary: (n) => (n === 0 ? 'Ghi chú nội bộ' : `Ghi chú nội bộ (${n})`),
};

const ui = byIds({
  title: 'chat-title', reason: 'chat-reason', sub: 'chat-sub', state: 'chat-state',
  notes: 'notes', notesSummary: 'notes-summary', notesEmpty: 'notes-empty', notesList: 'notes-list',
});

export function renderChatHead() {
  const h = app.open;
  ui.title.textContent = h?.citizen?.display_name || (h ? TEXT.anonymous : '');
  if (h?.urgent) ui.title.append(' ', el('span', 'badge badge-urgent', URGENT_LABEL));
  if (h?.window_closing) ui.title.append(' ', el('span', 'badge badge-window', WINDOW_LABEL));
  if (!h) {
    ui.reason.textContent = '';
    ui.sub.textContent = '';
    ui.state.textContent = '';
    return;
  }
  ui.reason.textContent = h.reason_label || h.reason || '';
  ui.sub.textContent = [h.page?.name, channelText(h.page?.channel), h.area_name || areaName(h.area)]
    .filter(Boolean).join(' · ');
  const now = serverNow();
  const parts = [stateText(h, app.me)];
  if (h.state !== 'resolved') parts.push(handoffWaitText(h, now));
  if (h.state === 'waiting' && Number.isFinite(h.position)) parts.push(positionText(h.position));
  if (Number.isInteger(h.rating)) parts.push(TEXT.rating(h.rating));
  ui.state.textContent = parts.join(' · ');
  ui.state.dataset.state = h.state || '';
  ui.state.classList.toggle('is-late', isOverdue(h, now));
  if (h.citizen && h.citizen.reachable === false) showChatNotice(TEXT.unreachable);
}

// Opening a conversation puts the keyboard on its title, for screen readers.
export function focusChatTitle() {
  ui.title.focus();
}

export function renderNotes() {
  const notes = Array.isArray(app.open?.notes) ? app.open.notes : [];
  ui.notesSummary.textContent = TEXT.notesSummary(notes.length);
  ui.notesEmpty.hidden = notes.length > 0;
  ui.notesList.replaceChildren(...notes.map((note) => {
    const item = el('li', 'note');
    item.dataset.id = String(note.id);
    item.append(el('span', 'meta', [note.author?.display_name, timeText(note.created_at)].filter(Boolean).join(' · ')));
    item.append(el('p', 'text', note.text));
    return item;
  }));
}

export function addNote(note) {
  if (!app.open || !note) return;
  // A live update may have reloaded the handoff, this note included, before
  // the POST that created it answered.
  if ((app.open.notes || []).some((n) => n.id === note.id)) return;
  app.open.notes = [...(app.open.notes || []), note];
  renderNotes();
}

export function clearNotes() {
  ui.notesList.replaceChildren();
}

// The notes start folded in each conversation; a new note unfolds them.
export function setNotesOpen(open) {
  ui.notes.open = open;
}
