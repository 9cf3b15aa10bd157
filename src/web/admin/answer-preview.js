// The phone-style preview of an intent's answers: one bot bubble per
// variant, the buttons under it, the placeholders filled with sample values
// as the page and the citizen's message would fill them. A placeholder the
// server would not know is shown as written, marked, and listed.

import { byIds, el } from '/common/dom.js';
import { box } from './dom.js';

const ui = byIds({ preview: 'answer-preview' });

const SAMPLES = {
  'page.name': 'Đoàn xã Tân Phong',
  'page.hotline': '0257 3 812 345',
  'page.office_address': 'Nhà văn hóa thôn 2, xã Tân Phong',
  'page.office_hours': 'thứ Hai đến thứ Sáu, 7:30–11:30 và 13:30–17:00',
  'page.map_link': 'https://maps.example/tan-phong',
  'entity.phone': '0912***678',
  'entity.id_number': '001******345',
};

export const MAX_ANSWER_CHARS = 600;

const TEXT = {
  empty: 'Chưa có câu trả lời. Gõ vào ô “Cách trả lời” để xem trước.',
  variant: (n, all) => (all > 1 ? `Cách trả lời ${n}/${all}` : 'Trợ lý số'),
  unknown: (list) => `Chỗ điền không hợp lệ: ${list.join(', ')}`,
  chars: (n) => `${n}/${MAX_ANSWER_CHARS} ký tự`,
  citizen: 'Câu hỏi của người dân…',
};

// Named groups of the intent's patterns: {entity.<group>} may echo them.
function groupNames(patterns) {
  const names = new Set();
  for (const p of patterns) {
    const source = typeof p === 'string' ? p : p?.pattern || '';
    for (const m of source.matchAll(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g)) names.add(m[1]);
  }
  return names;
}

// The value a placeholder would get, or null when the server would refuse it.
function sampleFor(name, groups) {
  if (Object.hasOwn(SAMPLES, name)) return SAMPLES[name];
  const entity = /^entity\.([A-Za-z_][A-Za-z0-9_]*)(\|upper)?$/.exec(name);
  if (!entity) return null;
  if (!entity[2] && Object.hasOwn(SAMPLES, `entity.${entity[1]}`)) return SAMPLES[`entity.${entity[1]}`];
  if (!groups.has(entity[1])) return null;
  const sample = `‹${entity[1]}›`;
  return entity[2] ? sample.toUpperCase() : sample;
}

// The answer as text and marked spans; `unknown` collects bad placeholders.
function renderText(answer, groups, unknown) {
  const parts = [];
  let last = 0;
  for (const m of answer.matchAll(/\{([^{}\n]*)\}/g)) {
    if (m.index > last) parts.push(answer.slice(last, m.index));
    const value = sampleFor(m[1].trim(), groups);
    if (value === null) {
      unknown.add(m[0]);
      const span = el('span', 'placeholder-unknown', m[0]);
      span.title = 'Máy chủ không biết chỗ điền này';
      parts.push(span);
    } else {
      const span = el('span', 'placeholder-sample', value);
      span.title = m[0];
      parts.push(span);
    }
    last = m.index + m[0].length;
  }
  if (last < answer.length) parts.push(answer.slice(last));
  return parts;
}

// `answers`: strings; `buttons`: [{label}]; `patterns`: the intent's patterns.
export function renderPreview({ answers, buttons, patterns }) {
  const groups = groupNames(patterns);
  const unknown = new Set();
  const texts = answers.filter((a) => a.trim());
  const screen = el('div', 'phone-screen');
  screen.append(box('div', 'bubble bubble-citizen', TEXT.citizen));
  if (!texts.length) screen.append(el('p', 'phone-empty', TEXT.empty));
  texts.forEach((answer, i) => {
    const bubble = box('div', 'bubble bubble-bot',
      el('span', 'bubble-meta', TEXT.variant(i + 1, texts.length)),
      box('span', 'bubble-text', renderText(answer, groups, unknown)));
    bubble.dataset.variant = String(i + 1);
    screen.append(bubble);
    const labels = buttons.map((b) => b.label).filter(Boolean);
    if (labels.length) screen.append(box('div', 'phone-buttons', labels.map((l) => el('span', 'phone-button', l))));
  });
  const warnings = [];
  if (unknown.size) warnings.push(el('p', 'preview-warning', TEXT.unknown([...unknown])));
  ui.preview.replaceChildren(box('div', 'phone-frame', el('div', 'phone-notch'), screen), ...warnings);
}

export function answerLengthText(answer) {
  return TEXT.chars([...answer].length);
}
