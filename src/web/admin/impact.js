// "Xem ảnh hưởng": replays the last citizen messages against the draft and
// the live rules (POST .../impact) and lists what would be answered
// differently, one transition "from → to" per line with its count and a few
// of the (masked) messages.

import { byIds, el, showLine } from '/common/dom.js';
import { admin, errorText, failureLines } from './api.js';
import { box, showLines, whileBusy } from './dom.js';
import { count, outcomeText } from './format.js';
import { app, intentTitle } from './state.js';

const ui = byIds({
  open: 'impact-open', panel: 'impact-panel', close: 'impact-close', summary: 'impact-summary',
  failures: 'impact-failures', list: 'impact-list',
});

const TEXT = {
  loading: 'Đang chạy lại các tin nhắn gần đây với bản nháp…',
  summary: (examined, changed) => `Đã thử lại ${count(examined, 'tin nhắn')} gần đây của người dân: `
    + (changed ? `${count(changed, 'tin nhắn')} sẽ được trả lời khác với bản đang chạy.` : 'không tin nhắn nào thay đổi cách trả lời.'),
  invalid: 'Bản nháp chưa biên dịch được nên chưa xem được ảnh hưởng. Sửa các lỗi sau:',
  messages: (n) => `${n} tin nhắn`,
  examples: 'Ví dụ:',
};

function transitionItem(t) {
  const item = el('li', 'transition');
  item.dataset.from = t.from;
  item.dataset.to = t.to;
  const from = el('span', `outcome-name ${t.from === 'no_match' ? 'is-none' : ''}`, outcomeText(t.from, intentTitle));
  from.classList.add('from');
  const to = el('span', `outcome-name ${t.to === 'no_match' ? 'is-none' : ''}`, outcomeText(t.to, intentTitle));
  to.classList.add('to');
  item.append(
    box('div', 'transition-head', from, el('span', 'arrow', '→'), to,
      el('span', 'transition-count', TEXT.messages(t.count))),
  );
  const messages = Array.isArray(t.messages) ? t.messages : [];
  if (messages.length) {
    item.append(el('p', 'transition-label', TEXT.examples));
    item.append(box('ul', 'transition-messages', messages.map((m) => el('li', 'quote', m))));
  }
  return item;
}

async function showImpact() {
  if (!app.draft) return;
  ui.panel.hidden = false;
  showLine(ui.summary, TEXT.loading);
  showLines(ui.failures, []);
  ui.list.replaceChildren();
  await whileBusy(ui.open, async () => {
    try {
      const result = await admin.impact(app.draft.id);
      showLine(ui.summary, TEXT.summary(result.examined ?? 0, result.changed ?? 0));
      const transitions = Array.isArray(result.transitions) ? result.transitions : [];
      transitions.sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
      ui.list.replaceChildren(...transitions.map(transitionItem));
    } catch (error) {
      if (error.data?.failures) {
        showLine(ui.summary, TEXT.invalid);
        showLines(ui.failures, failureLines(error.data.failures));
      } else {
        showLine(ui.summary, errorText(error));
      }
    }
  });
  ui.panel.scrollIntoView({ block: 'nearest' });
}

export function hideImpact() {
  ui.panel.hidden = true;
}

export function bindImpact() {
  ui.open.addEventListener('click', showImpact);
  ui.close.addEventListener('click', hideImpact);
}
