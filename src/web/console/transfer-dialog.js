// The transfer dialog: hands the open conversation to another area's queue
// (POST /handoffs/{id}/transfer).

import { el, showLine } from '/common/dom.js';
import { errorText } from './api.js';
import { applyHandoff, postAction, updateActions } from './conversation.js';
import { bindDialog, dialogElements, whileSaving } from './dialog.js';
import { showChatError, showChatNotice } from './notices.js';
import { loadAreas, refreshMe } from './session.js';
import { app, areaName, isAdmin } from './state.js';
import { quietly } from './tasks.js';

const TEXT = {
  noOtherArea: 'Không có khu vực nào khác để chuyển.',
  transferred: (area) => `Đã chuyển sang ${area}.`,
};

const ui = dialogElements('transfer', { area: 'transfer-area', error: 'transfer-error', save: 'transfer-save' });

export function bindTransferDialog() {
  bindDialog(ui, { onOpen: openTransferDialog, onSubmit: transfer });
}

// Offers every area but the conversation's own.
async function openTransferDialog() {
  showLine(ui.error, '');
  // Normally loaded on sign-in; that load may have failed.
  if (app.areas.length === 0) {
    try {
      await loadAreas();
    } catch (error) {
      showChatError(errorText(error));
      return;
    }
  }
  const choices = app.areas.filter((a) => a.id !== app.open?.area);
  ui.area.replaceChildren(...choices.map((area) => {
    const option = el('option', '', area.name && area.name !== area.id ? `${area.name} (${area.id})` : area.id);
    option.value = area.id;
    return option;
  }));
  ui.save.disabled = choices.length === 0;
  if (choices.length === 0) showLine(ui.error, TEXT.noOtherArea);
  ui.dialog.showModal();
  ui.area.focus();
}

async function transfer(event) {
  event.preventDefault();
  const area = ui.area.value;
  if (!area) return;
  await whileSaving(ui, async () => {
    const reply = await postAction('transfer', { area });
    // Sent out of our areas, the handoff is no longer ours to read: the 403
    // that follows is expected, not an error to show.
    app.movedAway = !isAdmin() && !(app.me?.areas || []).includes(area);
    applyHandoff(reply.handoff);
    updateActions();
    ui.dialog.close();
    showChatNotice(TEXT.transferred(areaName(area)));
    quietly(refreshMe());
  });
}
