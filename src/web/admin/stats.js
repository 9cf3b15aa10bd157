// "Thống kê": GET /admin/stats?days=N drawn as tiles and inline-SVG charts:
// messages per day by outcome, handoffs claimed and resolved, median minutes
// to claim and to resolve, ratings, the most used intents and the questions
// most often left unanswered. The API gives one row per page and Vietnam
// day; the charts add the pages up per day and show every day of the range.

import { byIds, el, showLine } from '/common/dom.js';
import { admin, errorText } from './api.js';
import { barList, columnChart, lineChart } from './charts.js';
import { box } from './dom.js';
import { minutes, number, percent, shortDay } from './format.js';

const DAY_MS = 24 * 3600 * 1000;
const VN_OFFSET_MS = 7 * 3600 * 1000;

const ui = byIds({
  days: 'stats-days', error: 'stats-error', tiles: 'stats-tiles',
  messages: 'chart-messages', handoffs: 'chart-handoffs', medians: 'chart-medians', ratings: 'chart-ratings',
  intents: 'chart-intents', unanswered: 'stats-unanswered-list',
});

const TEXT = {
  messages: 'Tin nhắn của người dân mỗi ngày',
  handoffs: 'Chuyển cho tình nguyện viên mỗi ngày',
  medians: 'Thời gian chờ (phút, trung vị)',
  ratings: 'Điểm đánh giá trung bình mỗi ngày (1–5)',
  intents: 'Ý định được dùng nhiều nhất',
  answered: 'Bot trả lời',
  clarified: 'Hỏi lại',
  notUnderstood: 'Không hiểu',
  escalated: 'Chuyển người thật',
  claimed: 'Đã nhận xử lý',
  resolved: 'Đã hoàn tất',
  toClaim: 'Đến khi được nhận',
  toResolve: 'Đến khi hoàn tất',
  rating: 'Điểm trung bình',
  tiles: {
    messages: 'Tin nhắn',
    answered: 'Bot trả lời được',
    notUnderstood: 'Không hiểu',
    escalated: 'Chuyển người thật',
    handoffs: 'Đã nhận / hoàn tất',
    claim: 'Chờ được nhận (trung vị)',
    resolve: 'Thời gian xử lý (trung vị)',
  },
  ratingValue: (avg) => (Number.isFinite(avg) ? `${avg.toLocaleString('vi-VN', { maximumFractionDigits: 1 })}/5` : '–'),
  ratingLabel: (n) => `Đánh giá (${number(n)} lượt)`,
  times: (n) => `${number(n)} lần`,
  noUnanswered: 'Không có câu hỏi nào bot chưa trả lời được.',
};

// Every Vietnam day from `from` to `to` (Unix ms), "YYYY-MM-DD".
function vnDays(from, to) {
  const days = [];
  for (let t = from; t < to + DAY_MS; t += DAY_MS) {
    const day = new Date(Math.min(t, to) + VN_OFFSET_MS).toISOString().slice(0, 10);
    if (days.at(-1) !== day) days.push(day);
  }
  return days;
}

const FIELDS = ['messages', 'answered', 'clarified', 'not_understood', 'escalated', 'handoffs_claimed',
  'handoffs_resolved', 'ratings'];

// The page rows added up per day. Medians cannot be added: a day with
// several pages shows the mean of their medians weighted by their handoffs.
function byDay(rows, days) {
  const map = new Map(days.map((d) => [d, { day: d, claimW: 0, claimSum: 0, resolveW: 0, resolveSum: 0, ratingSum: 0 }]));
  for (const row of rows) {
    if (!map.has(row.day)) map.set(row.day, { day: row.day, claimW: 0, claimSum: 0, resolveW: 0, resolveSum: 0, ratingSum: 0 });
    const d = map.get(row.day);
    for (const f of FIELDS) d[f] = (d[f] || 0) + (row[f] || 0);
    if (Number.isFinite(row.median_claim_seconds)) {
      const w = Math.max(1, row.handoffs_claimed || 0);
      d.claimW += w;
      d.claimSum += w * row.median_claim_seconds;
    }
    if (Number.isFinite(row.median_resolve_seconds)) {
      const w = Math.max(1, row.handoffs_resolved || 0);
      d.resolveW += w;
      d.resolveSum += w * row.median_resolve_seconds;
    }
    if (Number.isFinite(row.average_rating)) d.ratingSum += row.average_rating * (row.ratings || 0);
  }
  return [...map.values()].sort((a, b) => a.day.localeCompare(b.day)).map((d) => ({
    ...d,
    claimMinutes: d.claimW ? d.claimSum / d.claimW / 60 : null,
    resolveMinutes: d.resolveW ? d.resolveSum / d.resolveW / 60 : null,
    averageRating: d.ratings ? d.ratingSum / d.ratings : null,
  }));
}

function tile(label, value, key) {
  const node = box('div', 'tile', el('span', 'tile-value', value), el('span', 'tile-label', label));
  node.dataset.tile = key;
  return node;
}

function renderTiles(t) {
  ui.tiles.replaceChildren(
    tile(TEXT.tiles.messages, number(t.messages ?? 0), 'messages'),
    tile(TEXT.tiles.answered, `${number(t.answered ?? 0)} (${percent(t.answered, t.messages)})`, 'answered'),
    tile(TEXT.tiles.notUnderstood, number(t.not_understood ?? 0), 'not_understood'),
    tile(TEXT.tiles.escalated, number(t.escalated ?? 0), 'escalated'),
    tile(TEXT.tiles.handoffs, `${number(t.handoffs_claimed ?? 0)} / ${number(t.handoffs_resolved ?? 0)}`, 'handoffs'),
    tile(TEXT.tiles.claim, minutes(t.median_claim_seconds), 'claim'),
    tile(TEXT.tiles.resolve, minutes(t.median_resolve_seconds), 'resolve'),
    tile(TEXT.ratingLabel(t.ratings ?? 0), TEXT.ratingValue(t.average_rating), 'rating'),
  );
}

const oneDecimal = (v) => v.toLocaleString('vi-VN', { maximumFractionDigits: 1 });

function renderCharts(stats) {
  const rows = Array.isArray(stats.days) ? stats.days : [];
  const days = byDay(rows, vnDays(stats.from, stats.to));
  const categories = days.map((d) => d.day);
  const pick = (f) => days.map((d) => d[f] ?? 0);
  columnChart(ui.messages, {
    title: TEXT.messages, categories, stacked: true, labelOf: shortDay, format: number,
    series: [
      { key: 'answered', label: TEXT.answered, values: pick('answered') },
      { key: 'clarified', label: TEXT.clarified, values: pick('clarified') },
      { key: 'not_understood', label: TEXT.notUnderstood, values: pick('not_understood') },
      { key: 'escalated', label: TEXT.escalated, values: pick('escalated') },
    ],
  });
  columnChart(ui.handoffs, {
    title: TEXT.handoffs, categories, labelOf: shortDay, format: number,
    series: [
      { key: 'claimed', label: TEXT.claimed, values: pick('handoffs_claimed') },
      { key: 'resolved', label: TEXT.resolved, values: pick('handoffs_resolved') },
    ],
  });
  lineChart(ui.medians, {
    title: TEXT.medians, categories, labelOf: shortDay, format: oneDecimal,
    series: [
      { key: 'claim', label: TEXT.toClaim, values: days.map((d) => d.claimMinutes) },
      { key: 'resolve', label: TEXT.toResolve, values: days.map((d) => d.resolveMinutes) },
    ],
  });
  lineChart(ui.ratings, {
    title: TEXT.ratings, categories, labelOf: shortDay, format: oneDecimal,
    series: [{ key: 'rating', label: TEXT.rating, values: days.map((d) => d.averageRating) }],
  });
  const top = Array.isArray(stats.top_intents) ? stats.top_intents : [];
  barList(ui.intents, {
    title: TEXT.intents, format: number,
    items: top.map((i) => ({ label: i.title || i.intent, hint: i.intent, value: i.count ?? 0 })),
  });
}

function renderUnanswered(groups) {
  ui.unanswered.replaceChildren(...groups.map((g) => box('li', 'top-group',
    box('div', 'group-head', el('span', 'group-words', Array.isArray(g.words) ? g.words.join(' ') : g.words),
      el('span', 'group-count', TEXT.times(g.count ?? 0))),
    box('ul', 'group-examples', (g.examples || []).map((e) => el('li', 'quote', e))))));
  if (!groups.length) ui.unanswered.append(el('li', 'hint', TEXT.noUnanswered));
}

export async function loadStats() {
  const days = Number(ui.days.value) || 30;
  const panel = document.getElementById('tab-stats');
  delete panel.dataset.loaded;
  showLine(ui.error, '');
  try {
    const stats = await admin.stats(days);
    renderTiles(stats.totals || {});
    renderCharts(stats);
    renderUnanswered(Array.isArray(stats.top_unanswered) ? stats.top_unanswered : []);
    panel.dataset.loaded = 'true';
  } catch (error) {
    showLine(ui.error, errorText(error));
  }
}

export function bindStats() {
  ui.days.addEventListener('change', loadStats);
}
