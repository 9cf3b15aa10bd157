// "Thử câu hỏi": one sentence through the rules (POST /rules/try), side by
// side for the draft and for the live version: the normalized forms, the
// decision, the winner, every candidate (excluded ones marked) and the
// answer as a citizen would see it.

import { byIds, el, showLine } from '/common/dom.js';
import { admin, errorText, failureLines } from './api.js';
import { box, whileBusy } from './dom.js';
import { DECISION_LABELS } from './format.js';
import { app, intentTitle } from './state.js';

const ui = byIds({
  form: 'try-form', text: 'try-text', submit: 'try-submit', error: 'try-error', result: 'try-result',
  normalized: 'try-normalized', draft: 'try-draft', live: 'try-live',
});

const TEXT = {
  empty: 'Hãy gõ một câu để thử.',
  draft: 'Bản nháp',
  live: 'Đang chạy',
  noDraft: 'Chưa có bản nháp: chỉ thử được với bản đang chạy.',
  normalized: (n) => `Sau chuẩn hóa — có dấu: “${n.accented ?? ''}” · không dấu: “${n.folded ?? ''}”`,
  decision: 'Quyết định',
  winner: 'Ý định được chọn',
  options: 'Các lựa chọn hỏi lại',
  noWinner: 'không khớp ý định nào',
  candidates: 'Ứng viên',
  noCandidates: 'Không có mẫu nào khớp.',
  excluded: 'bị loại trừ',
  specificity: (n) => `độ cụ thể ${n}`,
  answer: 'Câu trả lời',
  noAnswer: 'Không có câu trả lời tự động.',
  broken: 'Bản nháp chưa biên dịch được:',
};

function named(id) {
  const title = intentTitle(id);
  return box('span', 'intent-name', el('span', 'mono', id), title ? ` · ${title}` : '');
}

function row(label, ...value) {
  return box('div', 'outcome-row', el('dt', '', label), box('dd', '', ...value));
}

function decisionText(outcome) {
  return DECISION_LABELS[outcome.decision] || outcome.decision || '';
}

function candidateList(candidates) {
  if (!candidates.length) return el('p', 'hint', TEXT.noCandidates);
  return box('ul', 'candidates', candidates.map((c) => {
    const item = box('li', `candidate ${c.excluded ? 'is-excluded' : ''}`, named(c.intent),
      el('span', 'hint', ` (${TEXT.specificity(c.specificity ?? 0)})`));
    if (c.excluded) item.append(el('span', 'badge badge-excluded', TEXT.excluded));
    item.dataset.intent = c.intent;
    return item;
  }));
}

function answerBubble(answer) {
  if (!answer) return el('p', 'hint', TEXT.noAnswer);
  const bubble = box('div', 'bubble bubble-bot', el('span', 'bubble-text', answer.text || ''));
  const buttons = (answer.buttons || []).map((b) => el('span', 'phone-button', typeof b === 'string' ? b : b.label));
  return box('div', 'try-answer', bubble, buttons.length ? box('div', 'phone-buttons', buttons) : null);
}

function renderOutcome(section, title, outcome) {
  const parts = [el('h3', 'outcome-title', title)];
  if (!outcome) {
    parts.push(el('p', 'hint', TEXT.noDraft));
  } else if (outcome.error || outcome.failures) {
    parts.push(el('p', 'error', outcome.error || TEXT.broken));
    const failures = failureLines(outcome.failures);
    if (failures.length) parts.push(box('ul', 'failures', failures.map((f) => el('li', '', f))));
  } else {
    section.dataset.decision = outcome.decision || '';
    section.dataset.intent = outcome.intent || '';
    const options = Array.isArray(outcome.options) ? outcome.options : [];
    parts.push(box('dl', 'outcome-facts',
      row(TEXT.decision, el('strong', 'decision', decisionText(outcome))),
      row(TEXT.winner, outcome.intent ? named(outcome.intent) : el('span', 'hint', TEXT.noWinner)),
      options.length ? row(TEXT.options, box('span', '', ...options.flatMap((o, i) => [i ? ', ' : '', named(o)]))) : null,
      row(TEXT.candidates, candidateList(Array.isArray(outcome.candidates) ? outcome.candidates : [])),
      row(TEXT.answer, answerBubble(outcome.answer))));
  }
  section.replaceChildren(...parts);
}

async function tryText(event) {
  event.preventDefault();
  const text = ui.text.value.trim();
  if (!text) {
    showLine(ui.error, TEXT.empty);
    ui.text.focus();
    return;
  }
  showLine(ui.error, '');
  await whileBusy(ui.submit, async () => {
    try {
      const result = await admin.tryText(text, app.draft?.id);
      ui.normalized.textContent = TEXT.normalized(result.normalized || {});
      renderOutcome(ui.draft, TEXT.draft, app.draft ? result.draft : null);
      renderOutcome(ui.live, TEXT.live, result.live);
      // Without a draft only the live rules answer: they get the whole width.
      ui.result.classList.toggle('live-only', !app.draft);
      ui.result.hidden = false;
    } catch (error) {
      showLine(ui.error, errorText(error));
    }
  });
}

export function bindTryBox() {
  ui.form.addEventListener('submit', tryText);
}
