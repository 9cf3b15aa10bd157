// "Nhật ký": the append-only audit log (GET /admin/audit), newest first, 200
// entries a page; "Xem cũ hơn" reads the page before the oldest shown.

import { byIds, el, showLine } from '/common/dom.js';
import { admin, errorText } from './api.js';
import { box, whileBusy } from './dom.js';
import { AUDIT_ACTION_LABELS, vnTime } from './format.js';

const ui = byIds({ rows: 'audit-rows', error: 'audit-error', more: 'audit-more' });
const PAGE = 200;

const TEXT = {
  none: 'Nhật ký chưa có mục nào.',
};

let oldest = 0;

function entryRow(e) {
  const tr = el('tr');
  tr.dataset.id = String(e.id);
  tr.dataset.action = e.action || '';
  tr.append(el('td', 'nowrap', vnTime(e.at)), el('td', '', e.actor || ''),
    el('td', '', AUDIT_ACTION_LABELS[e.action] || e.action || ''), el('td', 'mono', e.subject || ''),
    el('td', '', e.detail || ''));
  return tr;
}

async function loadPage(before) {
  const { entries = [] } = await admin.audit(before);
  if (!before) ui.rows.replaceChildren();
  ui.rows.append(...entries.map(entryRow));
  if (!before && !entries.length) {
    const td = el('td', 'empty-cell', TEXT.none);
    td.colSpan = 5;
    ui.rows.append(box('tr', '', td));
  }
  if (entries.length) oldest = entries.at(-1).id;
  ui.more.hidden = entries.length < PAGE;
}

export async function loadAudit() {
  showLine(ui.error, '');
  try {
    await loadPage(0);
  } catch (error) {
    showLine(ui.error, errorText(error));
  }
}

export function bindAudit() {
  ui.more.addEventListener('click', () => whileBusy(ui.more, async () => {
    try {
      await loadPage(oldest);
    } catch (error) {
      showLine(ui.error, errorText(error));
    }
  }));
}
