// What the three dialogs (FAQ answers, note, transfer) have in common. Their
// ids follow one pattern: the "{name}-open" button in the conversation view
// opens <dialog id="{name}-dialog">, which holds "{name}-form" and a close
// button "{name}-cancel".

import { byIds, showLine } from '/common/dom.js';
import { errorText } from './api.js';

// { open, dialog, form, cancel } of dialog `name`, plus the ids in `more`.
export function dialogElements(name, more) {
  return byIds({
    open: `${name}-open`, dialog: `${name}-dialog`, form: `${name}-form`, cancel: `${name}-cancel`, ...more,
  });
}

export function bindDialog(ui, { onOpen, onSubmit }) {
  ui.open.addEventListener('click', onOpen);
  ui.form.addEventListener('submit', onSubmit);
  ui.cancel.addEventListener('click', () => ui.dialog.close());
}

// Runs the dialog's request with its `save` button disabled, so a double tap
// cannot send it twice. A failure is shown in its `error` line and the dialog
// stays open, to try again.
export async function whileSaving(ui, task) {
  ui.save.disabled = true;
  showLine(ui.error, '');
  try {
    await task();
  } catch (error) {
    showLine(ui.error, errorText(error));
  } finally {
    ui.save.disabled = false;
  }
}
