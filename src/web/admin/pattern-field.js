// One pattern (or exclusion) of the intent editor: the RE2 text, its form
// (folded: matched against the text without diacritics, the lexicon applied;
// accented: with diacritics), a remove button, and what the server says of
// it, checked as the admin types (300 ms after the last key) with
// POST /rules/check-pattern: RE2's complaint under the field, or which of the
// intent's examples it matches.

import { el, showLine } from '/common/dom.js';
import { admin, errorText } from './api.js';
import { box, button, debounce } from './dom.js';

const CHECK_DELAY_MS = 300;

const TEXT = {
  pattern: (n) => `Mẫu ${n}`,
  exclude: (n) => `Mẫu loại trừ ${n}`,
  folded: 'không dấu',
  accented: 'có dấu',
  form: 'Dạng câu để so',
  remove: 'Xóa',
  removeLabel: (name) => `Xóa ${name.toLowerCase()}`,
  checking: 'Đang kiểm tra…',
  noExamples: 'Mẫu hợp lệ. Thêm ví dụ để xem mẫu khớp câu nào.',
  matched: (n, all) => `Mẫu hợp lệ, khớp ${n}/${all} ví dụ${n ? ':' : '.'}`,
  missed: (n) => `${n} ví dụ không khớp mẫu này`,
  excludesNone: 'Mẫu hợp lệ, không loại trừ ví dụ nào.',
  excludesSome: (n) => `Cảnh báo: mẫu loại trừ này chặn cả ${n} ví dụ của ý định:`,
  unreachable: (why) => `Chưa kiểm tra được mẫu: ${why}`,
};

let nextId = 0;

// `kind` is 'pattern' or 'exclude'; `examples()` returns the intent's current
// examples; `onChange()` runs on every edit; `onRemove(field)` on "Xóa".
export function createPatternField({ kind, value = '', form = 'folded', examples, onChange, onRemove }) {
  nextId += 1;
  const inputId = `${kind}-${nextId}`;
  const row = el('div', 'pattern-row');
  row.dataset.kind = kind;
  const label = el('label', 'pattern-label');
  label.htmlFor = inputId;
  const input = el('input', 'field mono pattern-input');
  input.id = inputId;
  input.value = value;
  input.spellcheck = false;
  input.autocomplete = 'off';
  input.setAttribute('autocapitalize', 'none');
  input.maxLength = 1000;
  const select = el('select', 'field pattern-form');
  select.setAttribute('aria-label', TEXT.form);
  select.append(new Option(TEXT.folded, 'folded'), new Option(TEXT.accented, 'accented'));
  select.value = form === 'accented' ? 'accented' : 'folded';
  const remove = button(TEXT.remove, 'tool small remove');
  const error = el('p', 'pattern-error');
  error.setAttribute('role', 'alert');
  error.id = `${inputId}-error`;
  error.hidden = true;
  input.setAttribute('aria-describedby', error.id);
  const status = el('div', 'pattern-status');
  status.setAttribute('aria-live', 'polite');
  row.append(label, box('div', 'pattern-line', input, select, remove), error, status);

  let controller = null;
  let valid = true;

  function showResult(result, texts) {
    if (!result.ok) {
      valid = false;
      input.setAttribute('aria-invalid', 'true');
      showLine(error, result.error || 'Mẫu không hợp lệ.');
      status.replaceChildren();
      return;
    }
    valid = true;
    input.removeAttribute('aria-invalid');
    showLine(error, '');
    const hits = Array.isArray(result.matches) ? result.matches : [];
    if (!texts.length) {
      status.replaceChildren(el('p', 'hint', kind === 'exclude' ? TEXT.excludesNone : TEXT.noExamples));
      return;
    }
    if (kind === 'exclude') {
      const blocked = texts.filter((_, i) => hits[i]);
      status.replaceChildren(blocked.length
        ? box('div', 'pattern-warning', el('p', '', TEXT.excludesSome(blocked.length)),
          box('ul', 'example-chips', blocked.map((t) => el('li', 'chip is-blocked', t))))
        : el('p', 'hint', TEXT.excludesNone));
      return;
    }
    const chip = (t, matched) => el('li', `chip ${matched ? 'is-match' : 'no-match'}`, `${matched ? '✓' : '✗'} ${t}`);
    const matched = texts.filter((_, i) => hits[i]);
    const missed = texts.filter((_, i) => !hits[i]);
    const parts = [el('p', 'hint', TEXT.matched(matched.length, texts.length))];
    if (matched.length) parts.push(box('ul', 'example-chips', matched.map((t) => chip(t, true))));
    // The others are usually another pattern's: folded away, one click to see.
    if (missed.length) {
      parts.push(box('details', 'missed', el('summary', '', TEXT.missed(missed.length)),
        box('ul', 'example-chips', missed.map((t) => chip(t, false)))));
    }
    status.replaceChildren(...parts);
  }

  async function check() {
    controller?.abort();
    const pattern = input.value;
    if (!pattern.trim()) {
      valid = true;
      input.removeAttribute('aria-invalid');
      showLine(error, '');
      status.replaceChildren();
      return;
    }
    controller = new AbortController();
    const mine = controller;
    const texts = examples();
    try {
      const result = await admin.checkPattern(pattern, select.value, texts, mine.signal);
      if (mine === controller) showResult(result, texts);
    } catch (failure) {
      if (failure?.name === 'AbortError' || mine !== controller) return;
      status.replaceChildren(el('p', 'hint', TEXT.unreachable(errorText(failure))));
    }
  }

  const checkSoon = debounce(check, CHECK_DELAY_MS);
  const edited = () => {
    status.replaceChildren(el('p', 'hint', TEXT.checking));
    checkSoon();
    onChange();
  };
  input.addEventListener('input', edited);
  select.addEventListener('change', edited);
  remove.addEventListener('click', () => {
    checkSoon.cancel();
    controller?.abort();
    onRemove(field);
  });

  const field = {
    node: row,
    // The rule-file form: a plain string when folded (the default).
    value() {
      const pattern = input.value.trim();
      if (!pattern) return null;
      return select.value === 'accented' ? { pattern, form: 'accented' } : pattern;
    },
    number(n) {
      label.textContent = kind === 'exclude' ? TEXT.exclude(n) : TEXT.pattern(n);
      remove.setAttribute('aria-label', TEXT.removeLabel(label.textContent));
    },
    recheck: checkSoon,
    checkNow: check,
    isValid: () => valid,
    focus: () => input.focus(),
  };
  return field;
}
