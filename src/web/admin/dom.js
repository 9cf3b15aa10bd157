// DOM helpers only the admin page needs, built on the shared ones
// (/common/dom.js: byIds, el, showLine). Text from citizens, from rule files
// or from other admins is untrusted: it only reaches the page through el(),
// showLine() and svg(), which set textContent or attributes, never innerHTML.

import { el } from '/common/dom.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

// An element with children appended in order; strings become text nodes.
export function box(tag, className, ...children) {
  const node = el(tag, className);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return node;
}

export function button(text, className, onClick) {
  const node = el('button', className, text);
  node.type = 'button';
  if (onClick) node.addEventListener('click', onClick);
  return node;
}

// Fills a list element with one <li> per line, hiding it when empty.
export function showLines(list, lines, className) {
  list.replaceChildren(...lines.map((line) => el('li', className, line)));
  list.hidden = lines.length === 0;
}

export function clear(node) {
  node.replaceChildren();
}

// An SVG element with attributes; `text` becomes its text content.
export function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// Runs `fn` at most once per `ms` of quiet: the last call wins.
export function debounce(fn, ms) {
  let timer = null;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

// Disables `control` while `task` runs, so a double click cannot send twice.
export async function whileBusy(control, task) {
  const wasDisabled = control.disabled;
  control.disabled = true;
  control.setAttribute('aria-busy', 'true');
  try {
    return await task();
  } finally {
    control.disabled = wasDisabled;
    control.removeAttribute('aria-busy');
  }
}
