// "Phiên bản": every published version of the rules, newest first (who, when
// in Vietnam time, the note, how it came to be), and "Khôi phục" on the
// others, which makes a new live version with that version's content.

import { byIds, el, showLine } from '/common/dom.js';
import { admin, errorText, failureLines } from './api.js';
import { confirmDialog } from './confirm-dialog.js';
import { box, button, whileBusy } from './dom.js';
import { loadRules, renderDraftBar } from './draft.js';
import { kindText, vnTime } from './format.js';
import { notify } from './notices.js';
import { app } from './state.js';

const ui = byIds({ rows: 'versions-rows', error: 'versions-error' });

const TEXT = {
  live: 'Đang chạy',
  rollback: 'Khôi phục',
  rollbackLabel: (n) => `Khôi phục phiên bản ${n}`,
  confirmTitle: (n) => `Khôi phục phiên bản ${n}?`,
  confirmText: (n, live) => `Bộ luật đang chạy (phiên bản ${live}) sẽ được thay bằng nội dung của phiên bản ${n}, `
    + 'dưới dạng một phiên bản mới. Người dân nhận câu trả lời theo phiên bản đó ngay lập tức. Bản nháp đang mở (nếu có) được giữ nguyên.',
  note: 'Lý do khôi phục',
  noteDefault: (n) => `Khôi phục về phiên bản ${n}`,
  confirmOk: 'Khôi phục',
  done: (version, to) => `Đã khôi phục: phiên bản ${version} đang chạy, với nội dung của phiên bản ${to}.`,
  invalid: 'Không khôi phục được vì phiên bản đó không còn hợp lệ:',
  none: 'Chưa có phiên bản nào.',
};

async function rollback(version, control) {
  const answer = await confirmDialog({
    title: TEXT.confirmTitle(version.version),
    text: TEXT.confirmText(version.version, app.liveVersion),
    confirm: TEXT.confirmOk,
    input: { label: TEXT.note, value: TEXT.noteDefault(version.version) },
  });
  if (!answer.ok) return;
  showLine(ui.error, '');
  await whileBusy(control, async () => {
    try {
      const result = await admin.rollback(version.version, answer.value || TEXT.noteDefault(version.version));
      await Promise.all([loadVersions(), loadRules()]);
      notify(TEXT.done(result.version, result.rolled_back_to ?? version.version));
    } catch (error) {
      const failures = failureLines(error.data?.failures);
      showLine(ui.error, failures.length ? `${TEXT.invalid} ${failures.join(' · ')}` : errorText(error));
    }
  });
}

function versionRow(version, live) {
  const tr = el('tr');
  tr.dataset.version = String(version.version);
  const isLive = version.version === live;
  if (isLive) tr.classList.add('is-live');
  const number = box('td', 'version-number', `#${version.version}`);
  if (isLive) number.append(' ', el('span', 'badge badge-live', TEXT.live));
  const action = el('td');
  if (!isLive) {
    const control = button(TEXT.rollback, 'tool small rollback');
    control.setAttribute('aria-label', TEXT.rollbackLabel(version.version));
    control.addEventListener('click', () => rollback(version, control));
    action.append(control);
  }
  tr.append(number, el('td', '', version.author || ''), el('td', 'nowrap', vnTime(version.created_at)),
    el('td', 'version-note', version.note || ''), el('td', 'version-kind', kindText(version)),
    el('td', 'numeric', Number.isFinite(version.intents) ? String(version.intents) : ''), action);
  return tr;
}

export async function loadVersions() {
  try {
    const rules = await admin.rules();
    app.liveVersion = rules.live_version;
    renderDraftBar();
    const versions = Array.isArray(rules.versions) ? rules.versions : [];
    ui.rows.replaceChildren(...versions.map((v) => versionRow(v, rules.live_version)));
    if (!versions.length) {
      const td = el('td', 'empty-cell', TEXT.none);
      td.colSpan = 7;
      ui.rows.append(box('tr', '', td));
    }
    showLine(ui.error, '');
  } catch (error) {
    showLine(ui.error, errorText(error));
  }
}
