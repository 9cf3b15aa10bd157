// "Từ điển viết tắt": the lexicon (teencode and abbreviations → full folded
// words) of the draft, edited one entry at a time with
// POST /drafts/{id}/lexicon ({key, value}; value null removes the key).

import { byIds, el, showLine } from '/common/dom.js';
import { fold } from '/common/fold.js';
import { admin, errorText } from './api.js';
import { box, button, whileBusy } from './dom.js';
import { ensureDraft, reloadDraft } from './draft.js';
import { app } from './state.js';

const ui = byIds({
  form: 'lexicon-form', key: 'lexicon-key', value: 'lexicon-value', save: 'lexicon-save', error: 'lexicon-error',
  search: 'lexicon-search', rows: 'lexicon-rows', count: 'lexicon-count',
});

const TEXT = {
  count: (n) => `${n} mục`,
  missing: 'Vui lòng nhập cả từ viết tắt và nghĩa đầy đủ.',
  edit: 'Sửa',
  remove: 'Xóa',
  save: 'Lưu',
  cancel: 'Hủy',
  changed: 'đã sửa trong bản nháp',
  none: 'Không có mục nào.',
  editLabel: (key) => `Nghĩa đầy đủ của “${key}”`,
};

function changedKeys() {
  return new Set(app.draft?.changes?.lexicon || []);
}

async function setEntry(key, value, control) {
  showLine(ui.error, '');
  return whileBusy(control, async () => {
    try {
      const draftId = await ensureDraft();
      await admin.setLexicon(draftId, key, value);
      await reloadDraft();
      return true;
    } catch (error) {
      showLine(ui.error, errorText(error));
      return false;
    }
  });
}

function editRow(tr, key, value) {
  const input = el('input', 'field lexicon-edit');
  input.value = value;
  input.setAttribute('aria-label', TEXT.editLabel(key));
  const save = button(TEXT.save, 'tool small', async () => {
    const next = input.value.trim();
    if (!next) {
      showLine(ui.error, TEXT.missing);
      return;
    }
    if (await setEntry(key, next, save)) renderLexicon();
  });
  const cancel = button(TEXT.cancel, 'tool small', renderLexicon);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') save.click();
    if (event.key === 'Escape') renderLexicon();
  });
  tr.children[1].replaceChildren(input);
  tr.children[2].replaceChildren(box('div', 'row-actions', save, cancel));
  input.focus();
}

function entryRow(key, value, changed) {
  const tr = el('tr');
  tr.dataset.key = key;
  const keyCell = box('td', 'mono', key);
  if (changed.has(key)) keyCell.append(' ', el('span', 'badge badge-edited', TEXT.changed));
  const edit = button(TEXT.edit, 'tool small');
  const remove = button(TEXT.remove, 'tool small danger');
  edit.addEventListener('click', () => editRow(tr, key, value));
  remove.addEventListener('click', async () => {
    if (await setEntry(key, null, remove)) renderLexicon();
  });
  tr.append(keyCell, el('td', 'mono', value), box('td', '', box('div', 'row-actions', edit, remove)));
  return tr;
}

export function renderLexicon() {
  const query = fold(ui.search.value.trim());
  const entries = Object.entries(app.lexicon || {}).sort(([a], [b]) => a.localeCompare(b));
  const shown = entries.filter(([k, v]) => !query || fold(`${k} ${v}`).includes(query));
  const changed = changedKeys();
  ui.rows.replaceChildren(...shown.map(([k, v]) => entryRow(k, v, changed)));
  if (!shown.length) {
    const td = el('td', 'empty-cell', TEXT.none);
    td.colSpan = 3;
    ui.rows.append(box('tr', '', td));
  }
  ui.count.textContent = TEXT.count(entries.length);
}

async function add(event) {
  event.preventDefault();
  const key = ui.key.value.trim();
  const value = ui.value.value.trim();
  if (!key || !value) {
    showLine(ui.error, TEXT.missing);
    (key ? ui.value : ui.key).focus();
    return;
  }
  if (await setEntry(key, value, ui.save)) {
    ui.key.value = '';
    ui.value.value = '';
    renderLexicon();
    ui.key.focus();
  }
}

export function bindLexicon() {
  ui.form.addEventListener('submit', add);
  ui.search.addEventListener('input', renderLexicon);
}
