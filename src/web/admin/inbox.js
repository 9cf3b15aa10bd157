// "Chưa trả lời được": the questions the bot could not answer, grouped by
// their words (GET /unanswered). Each group can become examples of an
// existing intent (POST .../examples, then the intent opens in the editor) or
// the start of a new intent (the editor pre-filled with its examples and a
// suggested pattern).

import { byIds, el, showLine } from '/common/dom.js';
import { fold } from '/common/fold.js';
import { admin, errorText } from './api.js';
import { box, button, whileBusy } from './dom.js';
import { ensureDraft, reloadDraft } from './draft.js';
import { TOPIC_ORDER, number, topicLabel, topicOf } from './format.js';
import { startNewIntent } from './intent-editor.js';
import { notify } from './notices.js';
import { app } from './state.js';

const ui = byIds({
  days: 'inbox-days', summary: 'inbox-summary', error: 'inbox-error', groups: 'inbox-groups',
  dialog: 'pick-dialog', form: 'pick-form', cancel: 'pick-cancel', intent: 'pick-intent', texts: 'pick-texts',
  pickError: 'pick-error', save: 'pick-save',
});

const TEXT = {
  loading: 'Đang tải…',
  summary: (scanned, groups, days) => `Đã xem ${number(scanned)} câu bot không trả lời được trong ${days} ngày qua, gom thành ${number(groups)} nhóm.`,
  none: 'Không có câu hỏi nào bot chưa trả lời được. Tuyệt vời!',
  count: (g) => `${number(g.count)} lần`,
  split: (g) => `${number(g.not_understood ?? 0)} lần không hiểu · ${number(g.escalated ?? 0)} lần chuyển người thật`,
  addExamples: 'Thêm làm ví dụ cho ý định…',
  newIntent: 'Tạo ý định mới từ nhóm này',
  pickNone: 'Hãy chọn ít nhất một câu.',
  added: (n, id) => `Đã thêm ${n} ví dụ cho ${id} trong bản nháp.`,
  newDescription: (words) => `Câu hỏi về: ${words}. (Ghi rõ nội dung và nguồn thông tin chính thức.)`,
};

// Topic guessed from the group's words, for the id of a new intent.
const TOPIC_HINTS = {
  vneid: ['vneid', 'dinh', 'danh', 'can', 'cuoc', 'cccd', 'passcode', 'otp'],
  payment: ['chuyen', 'khoan', 'ngan', 'hang', 'tien', 'qr', 'the', 'atm', 'vi', 'momo'],
  dossier: ['ho', 'so', 'dich', 'vu', 'cong', 'khai', 'sinh', 'tam', 'tru', 'thuong', 'ly', 'lich'],
};

let groups = [];

function wordsOf(group) {
  if (Array.isArray(group.words)) return group.words.map(String);
  return String(group.words || group.key || '').split(/\s+/).filter(Boolean);
}

// The group's words as the phrases citizens wrote them: in the order of the
// first example, words next to each other joined ("khiem thi"), so the
// suggested pattern `\bw1\b.*\bw2 w3\b` follows the sentence.
function phrases(group) {
  const words = new Set(wordsOf(group).filter((w) => /^[a-z0-9]+$/.test(w)));
  const tokens = fold(group.examples?.[0] || '').split(/[^a-z0-9]+/).filter(Boolean);
  const result = [];
  let current = [];
  const seen = new Set();
  for (const token of tokens) {
    if (words.has(token) && !seen.has(token)) {
      current.push(token);
      seen.add(token);
    } else if (current.length) {
      result.push(current);
      current = [];
    }
  }
  if (current.length) result.push(current);
  for (const w of words) if (!seen.has(w)) result.push([w]);   // not in the first example
  return result;
}

export function suggestedPattern(group) {
  return phrases(group).map((p) => `\\b${p.join(' ')}\\b`).join('.*');
}

function guessTopic(words) {
  let best = 'general';
  let bestScore = 0;
  for (const [topic, hints] of Object.entries(TOPIC_HINTS)) {
    const score = words.filter((w) => hints.includes(w)).length;
    if (score > bestScore) {
      best = topic;
      bestScore = score;
    }
  }
  return best;
}

function newIntentFrom(group) {
  const words = wordsOf(group);
  const topic = guessTopic(words);
  const longest = phrases(group).map((p) => p.filter((w) => w !== topic))
    .reduce((best, p) => (p.length > best.length ? p : best), []);
  const name = longest.slice(0, 4).join('_') || 'moi';
  startNewIntent({
    id: `${topic}.${name}`.slice(0, 57),
    description: TEXT.newDescription(words.join(' ')),
    patterns: [suggestedPattern(group)],
    examples: [...new Set(group.examples || [])],
    answer: '',
  });
}

function groupItem(group) {
  const item = el('li', 'group-card');
  item.dataset.key = group.key || wordsOf(group).join(' ');
  const examples = box('ul', 'group-examples', (group.examples || []).map((e) => el('li', 'quote', e)));
  item.append(
    box('div', 'group-head', el('h3', 'group-words', wordsOf(group).join(' ')), el('span', 'group-count', TEXT.count(group))),
    el('p', 'hint', TEXT.split(group)),
    examples,
    box('div', 'group-actions',
      button(TEXT.addExamples, 'tool small add-examples', () => openPicker(group)),
      button(TEXT.newIntent, 'tool small new-intent', () => newIntentFrom(group))),
  );
  return item;
}

export async function loadInbox() {
  const days = Number(ui.days.value) || 30;
  showLine(ui.error, '');
  ui.summary.textContent = TEXT.loading;
  try {
    const result = await admin.unanswered(days);
    groups = Array.isArray(result.groups) ? result.groups : [];
    ui.summary.textContent = groups.length
      ? TEXT.summary(result.scanned ?? 0, groups.length, result.days ?? days) : TEXT.none;
    ui.groups.replaceChildren(...groups.map(groupItem));
  } catch (error) {
    ui.summary.textContent = '';
    showLine(ui.error, errorText(error));
  }
}

// ---------- the intent picker ----------

function fillIntentOptions(selected) {
  const byTopic = new Map();
  for (const intent of app.intents) {
    const topic = topicOf(intent.id);
    if (!byTopic.has(topic)) byTopic.set(topic, []);
    byTopic.get(topic).push(intent);
  }
  const rank = (t) => (TOPIC_ORDER.includes(t) ? TOPIC_ORDER.indexOf(t) : TOPIC_ORDER.length);
  const topics = [...byTopic.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  ui.intent.replaceChildren(...topics.map((topic) => {
    const optgroup = el('optgroup');
    optgroup.label = topicLabel(topic);
    optgroup.append(...byTopic.get(topic).map((i) => new Option(`${i.title || i.description || i.id} (${i.id})`, i.id)));
    return optgroup;
  }));
  if (selected) ui.intent.value = selected;
}

function openPicker(group) {
  fillIntentOptions(null);
  ui.texts.replaceChildren(...(group.examples || []).map((text, i) => {
    const id = `pick-text-${i}`;
    const input = el('input', 'pick-check');
    input.type = 'checkbox';
    input.id = id;
    input.checked = true;
    input.value = text;
    const label = el('label', 'pick-label', text);
    label.htmlFor = id;
    return box('div', 'pick-row', input, label);
  }));
  showLine(ui.pickError, '');
  ui.dialog.showModal();
  ui.intent.focus();
}

async function addExamples(event) {
  event.preventDefault();
  const intentId = ui.intent.value;
  const texts = [...ui.texts.querySelectorAll('.pick-check:checked')].map((c) => c.value);
  if (!texts.length) {
    showLine(ui.pickError, TEXT.pickNone);
    return;
  }
  await whileBusy(ui.save, async () => {
    try {
      const draftId = await ensureDraft();
      const result = await admin.addExamples(draftId, intentId, texts);
      await reloadDraft();
      ui.dialog.close();
      notify(TEXT.added(result.added ?? texts.length, intentId));
      location.hash = `#/intents/${encodeURIComponent(intentId)}`;
    } catch (error) {
      showLine(ui.pickError, errorText(error));
    }
  });
}

export function bindInbox() {
  ui.days.addEventListener('change', loadInbox);
  ui.form.addEventListener('submit', addExamples);
  ui.cancel.addEventListener('click', () => ui.dialog.close());
}
