// One yes/no dialog for everything that cannot be undone with a click
// (discard a draft, delete an intent, roll back), optionally asking for a
// line of text (a rollback's note).

import { byIds, showLine } from '/common/dom.js';

const ui = byIds({
  dialog: 'confirm-dialog', form: 'confirm-form', cancel: 'confirm-cancel', title: 'confirm-title',
  text: 'confirm-text', inputBox: 'confirm-input-box', inputLabel: 'confirm-input-label',
  input: 'confirm-input', ok: 'confirm-ok',
});

let settle = null;

function finish(result) {
  const resolve = settle;
  settle = null;
  if (ui.dialog.open) ui.dialog.close();
  resolve?.(result);
}

export function bindConfirmDialog() {
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    finish({ ok: true, value: ui.input.value.trim() });
  });
  ui.cancel.addEventListener('click', () => finish({ ok: false, value: '' }));
  ui.dialog.addEventListener('close', () => finish({ ok: false, value: '' }));
}

// Resolves { ok, value } once the admin answers. `input` = { label, value } asks for text.
export function confirmDialog({ title, text, confirm, input = null, danger = false }) {
  if (settle) finish({ ok: false, value: '' });
  ui.title.textContent = title;
  showLine(ui.text, text);
  ui.ok.textContent = confirm;
  ui.ok.classList.toggle('danger-fill', danger);
  ui.inputBox.hidden = !input;
  ui.inputLabel.textContent = input?.label || '';
  ui.input.value = input?.value || '';
  return new Promise((resolve) => {
    settle = resolve;
    ui.dialog.showModal();
    (input ? ui.input : ui.ok).focus();
  });
}
