// Charts drawn as inline SVG (no chart library: the page's CSP allows only
// its own scripts, and these are all it needs). Each function fills a
// <figure> with a title, a legend and an <svg> whose viewBox scales with the
// page; colours come from CSS classes (series-<key>), so the SVG carries no
// style attributes. Every mark has a <title> for its exact value.

import { el } from '/common/dom.js';
import { box, svg } from './dom.js';

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 14, right: 14, bottom: 34, left: 48 };
const MAX_X_LABELS = 10;

const TEXT = {
  empty: 'Chưa có dữ liệu trong khoảng thời gian này.',
};

// A round maximum and step for the y axis: 1, 2 or 5 times a power of ten.
function niceScale(max, ticks = 4) {
  if (!(max > 0)) return { max: ticks, step: 1 };
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) || 10 * power;
  const niceStep = step < 1 && Number.isInteger(max) ? 1 : step;
  return { max: Math.ceil(max / niceStep) * niceStep, step: niceStep };
}

function header(figure, title, series) {
  const legend = series.length > 1 ? box('ul', 'legend', series.map((s) => box('li', '',
    el('span', `swatch series-${s.key}`), s.label))) : null;
  figure.replaceChildren(el('figcaption', 'chart-title', title));
  if (legend) figure.append(legend);
}

function frame(title) {
  return svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title, class: 'chart-svg',
    preserveAspectRatio: 'xMidYMid meet',
  });
}

// The y grid with its labels; returns the y of a value.
function yAxis(root, scale, format) {
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (v) => MARGIN.top + plotHeight * (1 - v / scale.max);
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) {
    root.append(svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'grid' }));
    root.append(svg('text', { x: MARGIN.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, format(v)));
  }
  return y;
}

// The x labels under each category (thinned to at most MAX_X_LABELS).
function xLabels(root, categories, xCenter, labelOf) {
  const every = Math.max(1, Math.ceil(categories.length / MAX_X_LABELS));
  categories.forEach((c, i) => {
    if (i % every !== 0 && i !== categories.length - 1) return;
    root.append(svg('text', { x: xCenter(i), y: HEIGHT - MARGIN.bottom + 18, 'text-anchor': 'middle', class: 'tick' }, labelOf(c)));
  });
}

function noData(figure) {
  figure.append(el('p', 'chart-empty', TEXT.empty));
}

// Columns per category: stacked (one column, series on top of each other) or
// grouped (one thin column per series). series = [{key, label, values}].
export function columnChart(figure, { title, categories, series, stacked = false, labelOf = String, format = String }) {
  header(figure, title, series);
  const root = frame(title);
  const totals = categories.map((_, i) => (stacked
    ? series.reduce((sum, s) => sum + (s.values[i] || 0), 0)
    : Math.max(0, ...series.map((s) => s.values[i] || 0))));
  const scale = niceScale(Math.max(0, ...totals));
  const y = yAxis(root, scale, format);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const slot = plotWidth / Math.max(1, categories.length);
  const barWidth = Math.max(2, slot * 0.7);
  const xCenter = (i) => MARGIN.left + slot * (i + 0.5);
  categories.forEach((category, i) => {
    let base = 0;
    series.forEach((s, k) => {
      const value = s.values[i] || 0;
      if (!value) return;
      const width = stacked ? barWidth : barWidth / series.length;
      const x = stacked ? xCenter(i) - barWidth / 2 : xCenter(i) - barWidth / 2 + k * width;
      const top = stacked ? base + value : value;
      const bottom = stacked ? base : 0;
      const rect = svg('rect', {
        x, width, y: y(top), height: Math.max(0.5, y(bottom) - y(top)), class: `bar series-${s.key}`,
        'data-series': s.key, 'data-category': category, 'data-value': value,
      });
      rect.append(svg('title', {}, `${labelOf(category)} · ${s.label}: ${format(value)}`));
      root.append(rect);
      if (stacked) base += value;
    });
  });
  xLabels(root, categories, xCenter, labelOf);
  figure.append(root);
  if (totals.every((t) => !t)) noData(figure);
}

// Lines per series over the categories; null values leave a gap.
export function lineChart(figure, { title, categories, series, labelOf = String, format = String }) {
  header(figure, title, series);
  const root = frame(title);
  const values = series.flatMap((s) => s.values.filter(Number.isFinite));
  const scale = niceScale(Math.max(0, ...values));
  const y = yAxis(root, scale, format);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const slot = plotWidth / Math.max(1, categories.length);
  const xCenter = (i) => MARGIN.left + slot * (i + 0.5);
  for (const s of series) {
    let path = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        pen = false;
        return;
      }
      path += `${pen ? 'L' : 'M'}${xCenter(i).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
      const dot = svg('circle', { cx: xCenter(i), cy: y(v), r: 3.5, class: `dot series-${s.key}`, 'data-series': s.key });
      dot.append(svg('title', {}, `${labelOf(categories[i])} · ${s.label}: ${format(v)}`));
      root.append(dot);
    });
    if (path) root.prepend(svg('path', { d: path.trim(), class: `line series-${s.key}`, fill: 'none' }));
  }
  xLabels(root, categories, xCenter, labelOf);
  figure.append(root);
  if (!values.length) noData(figure);
}

// Horizontal bars, biggest first: items = [{label, value, hint}].
export function barList(figure, { title, items, format = String }) {
  header(figure, title, []);
  const rowHeight = 26;
  const labelWidth = 300;
  const height = MARGIN.top + Math.max(1, items.length) * rowHeight + 8;
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title, class: 'chart-svg' });
  const max = Math.max(1, ...items.map((i) => i.value));
  const barSpace = WIDTH - labelWidth - 70;
  items.forEach((item, i) => {
    const top = MARGIN.top + i * rowHeight;
    const label = item.label.length > 42 ? `${item.label.slice(0, 41)}…` : item.label;
    const text = svg('text', { x: labelWidth - 8, y: top + 16, 'text-anchor': 'end', class: 'bar-label' }, label);
    text.append(svg('title', {}, item.hint || item.label));
    const width = Math.max(1, (barSpace * item.value) / max);
    const rect = svg('rect', { x: labelWidth, y: top + 3, width, height: rowHeight - 8, class: 'bar series-intent', 'data-value': item.value });
    rect.append(svg('title', {}, `${item.hint || item.label}: ${format(item.value)}`));
    root.append(text, rect,
      svg('text', { x: labelWidth + width + 6, y: top + 16, class: 'bar-value' }, format(item.value)));
  });
  figure.append(root);
  if (!items.length) noData(figure);
}
