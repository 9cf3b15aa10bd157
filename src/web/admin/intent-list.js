// The intents of the draft (or of the live version), grouped by topic, with
// each one's hits over the last 30 days and whether the draft created or
// edited it; a search box filters by id, title, description and examples.
// Choosing one goes to #/intents/<id>, which opens it in the editor.

import { byIds, el } from '/common/dom.js';
import { fold } from '/common/fold.js';
import { box } from './dom.js';
import { STATUS_LABELS, TOPIC_ORDER, number, topicLabel, topicOf } from './format.js';
import { app } from './state.js';

const ui = byIds({ list: 'intent-list', search: 'intent-search', count: 'intent-count', add: 'intent-add' });

const TEXT = {
  count: (shown, all) => (shown === all ? `${all} ý định` : `${shown}/${all} ý định khớp`),
  none: 'Không có ý định nào khớp.',
  hits: (n) => `${number(n)} lượt`,
  hitsTitle: 'Số lần được dùng trong 30 ngày qua',
};

let selectedId = null;

function searchText(intent) {
  return fold([intent.id, intent.title, intent.description, ...(intent.examples || [])].join(' '));
}

function matches(intent, query) {
  if (!query) return true;
  const haystack = searchText(intent);
  return query.split(/\s+/).every((word) => haystack.includes(word));
}

function topicRank(topic) {
  const i = TOPIC_ORDER.indexOf(topic);
  return i < 0 ? TOPIC_ORDER.length : i;
}

function intentItem(intent) {
  const item = el('li', 'intent-item');
  item.dataset.id = intent.id;
  const link = el('a', 'intent-link');
  link.href = `#/intents/${encodeURIComponent(intent.id)}`;
  if (intent.id === selectedId) {
    link.setAttribute('aria-current', 'true');
    item.classList.add('is-selected');
  }
  const top = box('span', 'intent-top', el('span', 'intent-title', intent.title || intent.description || intent.id));
  const label = STATUS_LABELS[intent.status];
  if (label) top.append(el('span', `badge badge-${intent.status}`, label));
  // Hits come with a draft (GET /drafts/{id}); without one there is nothing to show.
  let hits = null;
  if (app.draft) {
    hits = el('span', 'intent-hits', TEXT.hits(app.hits?.[intent.id] ?? 0));
    hits.title = TEXT.hitsTitle;
  }
  link.append(top, box('span', 'intent-sub', el('span', 'intent-id mono', intent.id), hits));
  item.append(link);
  return item;
}

export function renderIntentList() {
  const query = fold(ui.search.value.trim());
  const shown = app.intents.filter((i) => matches(i, query));
  const topics = new Map();
  for (const intent of shown) {
    const topic = intent.topic || topicOf(intent.id);
    if (!topics.has(topic)) topics.set(topic, []);
    topics.get(topic).push(intent);
  }
  const ordered = [...topics.keys()].sort((a, b) => topicRank(a) - topicRank(b) || a.localeCompare(b));
  const groups = ordered.map((topic) => {
    const group = el('section', 'topic-group');
    group.dataset.topic = topic;
    const heading = box('h3', 'topic-title', topicLabel(topic), el('span', 'topic-count', String(topics.get(topic).length)));
    group.append(heading, box('ul', 'intent-items', topics.get(topic).map(intentItem)));
    return group;
  });
  ui.list.replaceChildren(...groups);
  if (!shown.length) ui.list.append(el('p', 'empty', TEXT.none));
  ui.count.textContent = TEXT.count(shown.length, app.intents.length);
}

export function selectInList(id) {
  selectedId = id;
  renderIntentList();
  ui.list.querySelector('.is-selected')?.scrollIntoView({ block: 'nearest' });
}

export function bindIntentList(onAdd) {
  ui.search.addEventListener('input', renderIntentList);
  ui.add.addEventListener('click', onAdd);
}
