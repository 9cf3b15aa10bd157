// The FAQ dialog: the bot's answers for this conversation's page
// (GET /handoffs/{id}/faq), searched as you type; choosing one puts it in the
// reply box to edit before sending.

import { el } from '/common/dom.js';
import { fold } from '/common/fold.js';
import { api, errorText } from './api.js';
import { appendToReply } from './conversation.js';
import { bindDialog, dialogElements } from './dialog.js';
import { app } from './state.js';

const FAQ_SHOWN = 50;       // enough to scroll through; searching narrows the rest

const TEXT = {
  loading: 'Đang tải…',
  count: (shown, all) => (shown === all ? `${all} câu trả lời` : `${shown} / ${all} câu trả lời`),
  none: 'Không có câu trả lời nào khớp.',
};

const ui = dialogElements('faq', { search: 'faq-search', status: 'faq-status', list: 'faq-list' });

export function bindFaqDialog() {
  bindDialog(ui, { onOpen: openFaqDialog, onSubmit: takeFirstAnswer });
  ui.search.addEventListener('input', renderFaq);
}

// Enter in the search box takes the first answer.
function takeFirstAnswer(event) {
  event.preventDefault();
  ui.list.querySelector('.faq-button')?.click();
}

// Fetched once per opened conversation (app.faq), then only filtered.
async function openFaqDialog() {
  ui.search.value = '';
  ui.dialog.showModal();
  ui.search.focus();
  const id = app.openId;
  if (app.faq?.handoffId === id) {
    renderFaq();
    return;
  }
  ui.list.replaceChildren();
  ui.status.textContent = TEXT.loading;
  try {
    const reply = await api(`/handoffs/${id}/faq`);
    if (id !== app.openId) return;
    app.faq = { handoffId: id, intents: Array.isArray(reply.intents) ? reply.intents : [] };
    renderFaq();
  } catch (error) {
    ui.status.textContent = errorText(error);
  }
}

// Every word typed must appear somewhere in the answer, tone marks ignored.
function renderFaq() {
  const intents = app.faq?.intents || [];
  const words = fold(ui.search.value).split(/\s+/).filter(Boolean);
  const matches = intents.filter((intent) => {
    const haystack = fold(`${intent.id} ${intent.topic} ${intent.description} ${intent.answer}`);
    return words.every((w) => haystack.includes(w));
  });
  const shown = matches.slice(0, FAQ_SHOWN);
  ui.status.textContent = matches.length === 0 ? TEXT.none : TEXT.count(shown.length, matches.length);
  ui.list.replaceChildren(...shown.map((intent) => {
    const item = el('li', 'faq-item');
    const button = el('button', 'faq-button');
    button.type = 'button';
    button.dataset.intent = intent.id;
    button.append(el('span', 'faq-description', intent.description || intent.id));
    button.append(el('span', 'faq-id', intent.id));
    button.append(el('span', 'faq-answer', intent.answer || ''));
    button.addEventListener('click', () => {
      ui.dialog.close();
      appendToReply(intent.answer || '');
    });
    item.append(button);
    return item;
  }));
}
