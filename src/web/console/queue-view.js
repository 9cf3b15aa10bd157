// The queue view: every handoff the volunteer may see (GET /handoffs),
// re-fetched whenever a live event says the queue changed. Choosing one opens
// it through the #/h/{id} route.

import { byIds, el, showLine } from '/common/dom.js';
import { ApiError, api, errorText } from './api.js';
import {
  URGENT_LABEL, WINDOW_LABEL, channelText, handoffWaitText, isOverdue, positionText, stateText,
} from './format.js';
import { app, isMine, rememberServerClock, serverNow } from './state.js';
import { coalesced, quietly } from './tasks.js';
import { showView } from './views.js';

const TEXT = {
  count: (n) => (n === 0 ? '' : `${n} cuộc`),
  lastMessage: 'Tin cuối:',
  anonymous: 'Người dân',
};

const ui = byIds({ queue: 'queue', empty: 'queue-empty', error: 'queue-error', count: 'queue-count' });

export const refreshQueue = coalesced(async () => {
  if (!app.me) return;
  try {
    const reply = await api('/handoffs');
    rememberServerClock(reply.now);
    app.handoffs = Array.isArray(reply.handoffs) ? reply.handoffs : [];
    showLine(ui.error, '');
    renderQueue();
  } catch (error) {
    // A 401 sends the whole page back to the login form; nothing to say here.
    if (error instanceof ApiError && error.status === 401) return;
    showLine(ui.error, errorText(error));
  }
});

// Draws what is known at once, then re-fetches. `focusId` is the conversation
// just left: the keyboard goes back to its entry in the list.
export function showQueue(focusId) {
  showView('queue');
  renderQueue();
  quietly(refreshQueue());
  if (focusId) itemButton(focusId)?.focus();
}

export function clearQueue() {
  ui.queue.replaceChildren();
}

// Wait times tick on the client between list fetches.
export function tickQueue() {
  const now = serverNow();
  for (const handoff of app.handoffs) {
    const wait = ui.queue.querySelector(`li[data-id="${handoff.id}"] .handoff-wait`);
    if (!wait) continue;
    wait.textContent = handoffWaitText(handoff, now);
    wait.classList.toggle('is-late', isOverdue(handoff, now));
  }
}

function itemButton(id) {
  return ui.queue.querySelector(`li[data-id="${id}"] .handoff-button`);
}

function renderQueue() {
  const now = serverNow();
  // Redrawing replaces the buttons: keep the focus on the same handoff.
  const focusedId = document.activeElement?.closest?.('li.handoff')?.dataset.id;
  ui.queue.replaceChildren(...app.handoffs.map((h) => makeQueueItem(h, now)));
  ui.empty.hidden = app.handoffs.length > 0;
  ui.count.textContent = TEXT.count(app.handoffs.length);
  if (focusedId) itemButton(focusedId)?.focus();
}

function makeQueueItem(handoff, now) {
  const item = el('li', 'handoff');
  item.dataset.id = String(handoff.id);
  item.dataset.state = handoff.state || '';
  item.classList.toggle('is-urgent', Boolean(handoff.urgent));
  item.classList.toggle('is-mine', isMine(handoff));
  const button = el('button', 'handoff-button');
  button.type = 'button';
  button.addEventListener('click', () => { location.hash = `#/h/${handoff.id}`; });

  const top = el('span', 'handoff-top');
  top.append(el('span', 'handoff-name', handoff.citizen?.display_name || TEXT.anonymous));
  if (handoff.urgent) top.append(el('span', 'badge badge-urgent', URGENT_LABEL));
  if (handoff.window_closing) top.append(el('span', 'badge badge-window', WINDOW_LABEL));
  button.append(top);

  button.append(el('span', 'handoff-reason', handoff.reason_label || handoff.reason || ''));

  const status = el('span', 'handoff-status');
  status.append(el('span', `handoff-state state-${handoff.state}`, stateText(handoff, app.me)));
  const wait = el('span', 'handoff-wait', handoffWaitText(handoff, now));
  wait.classList.toggle('is-late', isOverdue(handoff, now));
  status.append(wait);
  if (handoff.state === 'waiting' && Number.isFinite(handoff.position)) {
    status.append(el('span', 'handoff-position', positionText(handoff.position)));
  }
  button.append(status);

  const where = [handoff.page?.name, channelText(handoff.page?.channel)].filter(Boolean).join(' · ');
  button.append(el('span', 'handoff-page', where));

  if (handoff.last_message?.text) {
    const last = el('span', 'handoff-last');
    last.append(el('span', 'visually-hidden', `${TEXT.lastMessage} `));
    last.append(document.createTextNode(handoff.last_message.text));
    button.append(last);
  }
  item.append(button);
  return item;
}
