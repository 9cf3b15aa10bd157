// The note dialog: a private note on the open conversation
// (POST /handoffs/{id}/notes), read by volunteers and staff, never sent to
// the citizen.

import { showLine } from '/common/dom.js';
import { api } from './api.js';
import { bindDialog, dialogElements, whileSaving } from './dialog.js';
import { addNote, setNotesOpen } from './handoff-details.js';
import { showChatNotice } from './notices.js';
import { app } from './state.js';

const TEXT = {
  saved: 'Đã lưu ghi chú.',
};

const ui = dialogElements('note', { text: 'note-text', error: 'note-error', save: 'note-save' });

export function bindNoteDialog() {
  bindDialog(ui, { onOpen: openNoteDialog, onSubmit: saveNote });
}

function openNoteDialog() {
  showLine(ui.error, '');
  ui.text.value = '';
  ui.dialog.showModal();
  ui.text.focus();
}

async function saveNote(event) {
  event.preventDefault();
  const text = ui.text.value.trim();
  if (!text) {
    ui.text.focus();
    return;
  }
  await whileSaving(ui, async () => {
    const reply = await api(`/handoffs/${app.openId}/notes`, { method: 'POST', body: { text } });
    addNote(reply.note);
    ui.dialog.close();
    // Unfold the notes so the new one is seen where it landed.
    setNotesOpen(true);
    showChatNotice(TEXT.saved);
  });
}
