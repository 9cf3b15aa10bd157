// The intent editor: every field of the rule-file format, the patterns
// checked live (pattern-field.js), the answers previewed on a phone
// (answer-preview.js). "Lưu vào bản nháp" PUTs the intent into the open draft
// (creating one if needed) and lists the problems the server found; the
// draft keeps a broken intent, publishing refuses it.

import { byIds, el, showLine } from '/common/dom.js';
import { admin, errorText, failureLines } from './api.js';
import { answerLengthText, MAX_ANSWER_CHARS, renderPreview } from './answer-preview.js';
import { confirmDialog } from './confirm-dialog.js';
import { box, button, showLines, whileBusy } from './dom.js';
import { ensureDraft, reloadDraft } from './draft.js';
import { STATUS_LABELS, number, topicOf } from './format.js';
import { selectInList } from './intent-list.js';
import { createPatternField } from './pattern-field.js';
import { app, findIntent } from './state.js';

const ID_PATTERN = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
// The list above the editor instead of beside it (admin.css, max-width: 820px).
const STACKED_LAYOUT = '(max-width: 820px)';

const ui = byIds({
  empty: 'editor-empty', form: 'editor-form', title: 'editor-title', status: 'editor-status', hits: 'editor-hits',
  id: 'intent-id', intentTitle: 'intent-title', description: 'intent-description', priority: 'intent-priority',
  patterns: 'patterns-list', patternAdd: 'pattern-add', excludes: 'excludes-list', excludeAdd: 'exclude-add',
  examples: 'intent-examples', counter: 'intent-counter', answers: 'answers-list', answerAdd: 'answer-add',
  buttons: 'buttons-list', buttonAdd: 'button-add', action: 'intent-action',
  error: 'editor-error', problemsBox: 'editor-problems-box', problems: 'editor-problems', notice: 'editor-notice',
  save: 'intent-save', close: 'intent-close', remove: 'intent-delete',
});

const TEXT = {
  newTitle: 'Ý định mới',
  hits: (n) => `Được dùng ${number(n)} lần trong 30 ngày qua`,
  badId: 'Mã ý định phải có dạng chủ_đề.tên, chỉ chữ thường không dấu, số và dấu gạch dưới, ví dụ vneid.quen_mat_khau.',
  idTaken: (id) => `Đã có ý định mã ${id}. Hãy chọn mã khác, hoặc mở ý định đó để sửa.`,
  noPattern: 'Cần ít nhất một mẫu nhận dạng.',
  badPatterns: 'Còn mẫu bị lỗi (xem dòng đỏ dưới mẫu). Vẫn lưu được vào bản nháp, nhưng chưa xuất bản được.',
  saved: 'Đã lưu vào bản nháp. Người dân chưa thấy thay đổi cho đến khi xuất bản.',
  savedWithProblems: (n) => `Đã lưu vào bản nháp, còn ${n} lỗi cần sửa trước khi xuất bản.`,
  notFound: (id) => `Không tìm thấy ý định ${id} trong bản đang xem.`,
  answer: (n) => `Cách trả lời ${n}`,
  answerRemove: 'Xóa cách trả lời này',
  remove: 'Xóa',
  buttonLabel: 'Chữ trên nút',
  buttonTarget: 'Mở ý định',
  buttonMissing: (id) => `${id} (không còn tồn tại)`,
  deleteTitle: 'Xóa ý định?',
  deleteText: (id) => `Ý định ${id} sẽ bị xóa khỏi bản nháp. Sau khi xuất bản, bot không trả lời bằng ý định này nữa.`,
  deleteOk: 'Xóa ý định',
  deleted: (id) => `Đã xóa ${id} khỏi bản nháp.`,
  leaveTitle: 'Bỏ các thay đổi chưa lưu?',
  leaveText: 'Ý định đang mở có thay đổi chưa lưu vào bản nháp.',
  leaveOk: 'Bỏ thay đổi',
  tooLong: (n) => `Quá ${MAX_ANSWER_CHARS} ký tự (${n})`,
};

let original = null;       // the intent as loaded (null for a new one)
let openId = null;         // its id, 'new' for an unsaved new intent
let dirty = false;
let patternFields = [];
let excludeFields = [];
let pendingNew = null;     // the prefill of the next new intent (from the inbox)
const EMPTY_TEXT = ui.empty.textContent;

const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const currentExamples = () => lines(ui.examples.value);

function markDirty() {
  dirty = true;
  showLine(ui.notice, '');
}

// ---------- patterns ----------

function renumber(fields) {
  fields.forEach((f, i) => f.number(i + 1));
}

function addPatternField(kind, pattern) {
  const fields = kind === 'exclude' ? excludeFields : patternFields;
  const list = kind === 'exclude' ? ui.excludes : ui.patterns;
  const source = typeof pattern === 'string' ? pattern : pattern?.pattern || '';
  const form = typeof pattern === 'object' && pattern ? pattern.form : 'folded';
  const field = createPatternField({
    kind, value: source, form, examples: currentExamples,
    onChange: () => {
      markDirty();
      updatePreview();
    },
    onRemove: (gone) => {
      fields.splice(fields.indexOf(gone), 1);
      gone.node.remove();
      renumber(fields);
      markDirty();
    },
  });
  fields.push(field);
  list.append(field.node);
  renumber(fields);
  if (source) field.checkNow();
  return field;
}

// ---------- answers and buttons ----------

function answerInputs() {
  return [...ui.answers.querySelectorAll('.answer-input')];
}

function addAnswer(text = '') {
  const n = answerInputs().length + 1;
  const id = `answer-${Date.now()}-${n}`;
  const label = el('label', 'field-label answer-label', TEXT.answer(n));
  label.htmlFor = id;
  const input = el('textarea', 'field answer-input');
  input.id = id;
  input.rows = 4;
  input.value = text;
  const length = el('span', 'answer-length');
  const remove = button(TEXT.remove, 'tool small remove');
  remove.setAttribute('aria-label', TEXT.answerRemove);
  const row = box('div', 'answer-row', box('div', 'answer-head', label, length, remove), input);
  const refresh = () => {
    const chars = [...input.value].length;
    length.textContent = chars > MAX_ANSWER_CHARS ? TEXT.tooLong(chars) : answerLengthText(input.value);
    length.classList.toggle('is-over', chars > MAX_ANSWER_CHARS);
  };
  input.addEventListener('input', () => {
    refresh();
    markDirty();
    updatePreview();
  });
  remove.addEventListener('click', () => {
    row.remove();
    renumberAnswers();
    markDirty();
    updatePreview();
  });
  refresh();
  ui.answers.append(row);
  renumberAnswers();
  return input;
}

function renumberAnswers() {
  const rows = [...ui.answers.querySelectorAll('.answer-row')];
  rows.forEach((row, i) => {
    row.querySelector('.answer-label').textContent = TEXT.answer(i + 1);
    row.querySelector('.remove').hidden = rows.length < 2;
  });
}

function targetSelect(value) {
  const select = el('select', 'field button-target');
  select.setAttribute('aria-label', TEXT.buttonTarget);
  for (const intent of app.intents) {
    select.append(new Option(`${intent.id} · ${intent.title || intent.description || ''}`, intent.id));
  }
  if (value && !findIntent(value)) select.append(new Option(TEXT.buttonMissing(value), value));
  if (value) select.value = value;
  return select;
}

function addButtonRow(b = { label: '', intent: '' }) {
  const label = el('input', 'field button-label');
  label.value = b.label || '';
  label.placeholder = TEXT.buttonLabel;
  label.setAttribute('aria-label', TEXT.buttonLabel);
  label.maxLength = 40;
  const target = targetSelect(b.intent);
  const remove = button(TEXT.remove, 'tool small remove');
  const row = box('div', 'button-row', label, target, remove);
  label.addEventListener('input', () => {
    markDirty();
    updatePreview();
  });
  target.addEventListener('change', markDirty);
  remove.addEventListener('click', () => {
    row.remove();
    markDirty();
    updatePreview();
  });
  ui.buttons.append(row);
  return label;
}

function currentButtons() {
  return [...ui.buttons.querySelectorAll('.button-row')].map((row) => ({
    label: row.querySelector('.button-label').value.trim(),
    intent: row.querySelector('.button-target').value,
  })).filter((b) => b.label && b.intent);
}

function updatePreview() {
  renderPreview({
    answers: answerInputs().map((i) => i.value),
    buttons: currentButtons(),
    patterns: patternFields.map((f) => f.value()).filter(Boolean),
  });
}

// ---------- the form ----------

function fill(intent, { isNew }) {
  ui.title.textContent = isNew ? TEXT.newTitle : intent.title || intent.id;
  const status = STATUS_LABELS[intent.status];
  ui.status.hidden = !status;
  ui.status.textContent = status || '';
  ui.status.className = `badge badge-${intent.status || ''}`;
  ui.hits.textContent = isNew || !app.draft ? '' : TEXT.hits(app.hits?.[intent.id] ?? 0);
  ui.id.value = intent.id || '';
  ui.id.readOnly = !isNew;
  ui.intentTitle.value = intent.title || '';
  ui.description.value = intent.description || '';
  ui.priority.value = Number.isFinite(intent.priority) ? intent.priority : 0;
  ui.examples.value = (intent.examples || []).join('\n');
  ui.counter.value = (intent.counter_examples || []).join('\n');
  ui.action.value = intent.action || 'none';
  ui.patterns.replaceChildren();
  ui.excludes.replaceChildren();
  patternFields = [];
  excludeFields = [];
  const patterns = intent.patterns?.length ? intent.patterns : [''];
  for (const p of patterns) addPatternField('pattern', p);
  for (const p of intent.exclude || []) addPatternField('exclude', p);
  ui.answers.replaceChildren();
  const answers = Array.isArray(intent.answer) ? intent.answer : [intent.answer ?? ''];
  for (const a of answers.length ? answers : ['']) addAnswer(a);
  ui.buttons.replaceChildren();
  for (const b of intent.buttons || []) addButtonRow(b);
  showLine(ui.error, '');
  showLine(ui.notice, '');
  showLines(ui.problems, []);
  ui.problemsBox.hidden = true;
  ui.remove.hidden = isNew;
  ui.empty.hidden = true;
  ui.form.hidden = false;
  dirty = false;
  updatePreview();
}

// The intent as the rule files write it, keeping fields this form does not show.
function collect() {
  const id = ui.id.value.trim();
  const intent = { ...(original || {}) };
  // What the draft view adds to each intent is not part of the rule format.
  delete intent.status;
  delete intent.file;
  intent.id = id;
  intent.topic = topicOf(id) || undefined;
  const title = ui.intentTitle.value.trim();
  intent.title = title || undefined;
  intent.description = ui.description.value.trim();
  const priority = Number.parseInt(ui.priority.value, 10);
  intent.priority = Number.isFinite(priority) && (priority !== 0 || original?.priority !== undefined) ? priority : undefined;
  intent.patterns = patternFields.map((f) => f.value()).filter(Boolean);
  const exclude = excludeFields.map((f) => f.value()).filter(Boolean);
  intent.exclude = exclude.length ? exclude : undefined;
  intent.examples = currentExamples();
  const counter = lines(ui.counter.value);
  intent.counter_examples = counter.length ? counter : undefined;
  const answers = answerInputs().map((i) => i.value.trim()).filter(Boolean);
  intent.answer = answers.length === 1 ? answers[0] : answers;
  const buttons = currentButtons();
  intent.buttons = buttons.length ? buttons : undefined;
  const action = ui.action.value;
  intent.action = action !== 'none' || original?.action ? action : undefined;
  for (const key of Object.keys(intent)) if (intent[key] === undefined) delete intent[key];
  return intent;
}

async function save(event) {
  event.preventDefault();
  showLine(ui.error, '');
  showLine(ui.notice, '');
  const intent = collect();
  const isNew = openId === 'new';
  if (!ID_PATTERN.test(intent.id)) {
    showLine(ui.error, TEXT.badId);
    ui.id.focus();
    return;
  }
  if (isNew && findIntent(intent.id)) {
    showLine(ui.error, TEXT.idTaken(intent.id));
    ui.id.focus();
    return;
  }
  if (!intent.patterns.length) {
    showLine(ui.error, TEXT.noPattern);
    patternFields[0]?.focus();
    return;
  }
  await whileBusy(ui.save, async () => {
    try {
      const draftId = await ensureDraft();
      const result = await admin.saveIntent(draftId, intent);
      dirty = false;
      await reloadDraft();
      const saved = findIntent(intent.id) || { ...(result.intent || intent), status: result.status };
      showSaved(saved);
      const problems = failureLines(result.problems);
      showLines(ui.problems, problems);
      ui.problemsBox.hidden = problems.length === 0;
      showLine(ui.notice, problems.length ? TEXT.savedWithProblems(problems.length) : TEXT.saved);
      if (patternFields.some((f) => !f.isValid()) && !problems.length) showLine(ui.error, TEXT.badPatterns);
    } catch (error) {
      showLine(ui.error, errorText(error));
      const problems = failureLines(error.data?.failures || error.data?.problems);
      showLines(ui.problems, problems);
      ui.problemsBox.hidden = problems.length === 0;
    }
  });
}

// After a save: the form shows what the draft now holds, under its own URL.
function showSaved(intent) {
  original = intent;
  openId = intent.id;
  fill(intent, { isNew: false });
  const hash = `#/intents/${encodeURIComponent(intent.id)}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
  selectInList(intent.id);
}

async function removeIntent() {
  if (!original || openId === 'new') return;
  const id = original.id;
  const answer = await confirmDialog({
    title: TEXT.deleteTitle, text: TEXT.deleteText(id), confirm: TEXT.deleteOk, danger: true,
  });
  if (!answer.ok) return;
  await whileBusy(ui.remove, async () => {
    try {
      const draftId = await ensureDraft();
      await admin.deleteIntent(draftId, id);
      dirty = false;
      await reloadDraft();
      closeEditor();
      history.replaceState(null, '', '#/intents');
      showLine(ui.empty, TEXT.deleted(id));
    } catch (error) {
      showLine(ui.error, errorText(error));
    }
  });
}

export function closeEditor() {
  original = null;
  openId = null;
  dirty = false;
  patternFields = [];
  excludeFields = [];
  ui.form.hidden = true;
  showLine(ui.empty, EMPTY_TEXT);
  selectInList(null);
}

// Resolves false when the admin keeps unsaved changes instead of leaving them.
async function mayLeave() {
  if (!dirty || ui.form.hidden) return true;
  const answer = await confirmDialog({ title: TEXT.leaveTitle, text: TEXT.leaveText, confirm: TEXT.leaveOk });
  return answer.ok;
}

// Where the "Ý định" tab leads back to: the intent in the editor, if any.
export function currentIntentHash() {
  if (!openId || ui.form.hidden) return '#/intents';
  return `#/intents/${encodeURIComponent(openId)}`;
}

// The route #/intents/<id> (or 'new', or none). When the admin chooses to
// stay with unsaved changes, the address goes back to what is on screen.
export async function showIntentRoute(id, { force = false } = {}) {
  if (!force && id === openId && !ui.form.hidden) return;
  if (!force && !id && ui.form.hidden) return;
  if (!(await mayLeave())) {
    history.replaceState(null, '', currentIntentHash());
    return;
  }
  if (id === 'new') {
    const prefill = pendingNew || {};
    pendingNew = null;
    original = null;
    openId = 'new';
    fill({ patterns: [''], examples: [], answer: '', ...prefill }, { isNew: true });
    selectInList(null);
    revealEditor();
    ui.id.focus();
    return;
  }
  if (!id) {
    closeEditor();
    return;
  }
  const intent = findIntent(id);
  if (!intent) {
    closeEditor();
    showLine(ui.empty, TEXT.notFound(id));
    return;
  }
  original = intent;
  openId = id;
  fill(intent, { isNew: false });
  selectInList(id);
  revealEditor();
}

// On a tablet the editor sits under the list: bring it into view.
function revealEditor() {
  if (window.matchMedia(STACKED_LAYOUT).matches) ui.form.scrollIntoView({ block: 'start' });
}

// A new intent, optionally pre-filled (from a group of unanswered questions).
export function startNewIntent(prefill = null) {
  pendingNew = prefill;
  const hash = '#/intents/new';
  if (location.hash === hash) showIntentRoute('new', { force: true });
  else location.hash = hash;
}

// The draft changed under the editor (reloaded, published, discarded): keep
// what is typed, refresh only the list-dependent parts.
export function rulesReloaded() {
  if (ui.form.hidden || openId === 'new' || dirty) return;
  const intent = findIntent(openId);
  if (!intent) {
    closeEditor();
    return;
  }
  original = intent;
  fill(intent, { isNew: false });
}

export function bindIntentEditor() {
  ui.form.addEventListener('submit', save);
  ui.form.addEventListener('input', (event) => {
    if (event.target === ui.examples) for (const f of [...patternFields, ...excludeFields]) f.recheck();
    markDirty();
  });
  ui.patternAdd.addEventListener('click', () => addPatternField('pattern', '').focus());
  ui.excludeAdd.addEventListener('click', () => addPatternField('exclude', '').focus());
  ui.answerAdd.addEventListener('click', () => addAnswer('').focus());
  ui.buttonAdd.addEventListener('click', () => addButtonRow().focus());
  ui.close.addEventListener('click', () => { location.hash = '#/intents'; });
  ui.remove.addEventListener('click', removeIntent);
}
