// Publishing the draft: a note, then POST .../publish. What can go wrong is
// explained in the dialog itself: rule failures one per line (422), or
// someone else publishing first (409 live_version_moved), which offers a
// rebase onto the live version and lists the conflicts it found.

import { byIds, showLine } from '/common/dom.js';
import { admin, errorText, failureLines } from './api.js';
import { showLines, whileBusy } from './dom.js';
import { loadRules, reloadDraft } from './draft.js';
import { notify } from './notices.js';
import { app, changeCount } from './state.js';

const ui = byIds({
  open: 'publish-open', dialog: 'publish-dialog', form: 'publish-form', cancel: 'publish-cancel',
  summary: 'publish-summary', note: 'publish-note', error: 'publish-error', failures: 'publish-failures',
  moved: 'publish-moved', movedText: 'publish-moved-text', rebase: 'rebase',
  conflicts: 'publish-conflicts', conflictsText: 'publish-conflicts-text', conflictsList: 'publish-conflicts-list',
  save: 'publish-save',
});

const TEXT = {
  summary: (d, n) => `Bản nháp #${d.id} có ${n} thay đổi so với phiên bản ${d.base_version}. Sau khi xuất bản, người dân nhận câu trả lời mới ngay.`,
  noteMissing: 'Vui lòng ghi chú ngắn gọn đã thay đổi gì, để người khác theo dõi được.',
  invalid: 'Chưa xuất bản được: bộ luật trong bản nháp còn lỗi. Sửa từng lỗi dưới đây rồi thử lại.',
  moved: (live, base) => `Trong lúc bạn sửa, đã có người xuất bản phiên bản ${live} (bản nháp của bạn dựa trên phiên bản ${base}). `
    + 'Để không ghi đè thay đổi của họ, hãy cập nhật bản nháp theo bản đang chạy, xem lại các mục trùng rồi xuất bản lại.',
  closed: 'Bản nháp này đã được xuất bản hoặc bị bỏ ở nơi khác. Trang đã tải lại bản mới nhất.',
  rebased: (live) => `Đã cập nhật bản nháp theo phiên bản ${live}. Không có mục nào bị trùng; có thể xuất bản.`,
  conflicts: (live) => `Đã cập nhật bản nháp theo phiên bản ${live}. Các mục dưới đây bạn đã sửa và cũng đã thay đổi ở bản đang chạy; bản nháp giữ nội dung của bạn — hãy xem lại từng mục trước khi xuất bản:`,
  published: (n) => `Đã xuất bản phiên bản ${n}. Người dân nhận câu trả lời mới ngay từ bây giờ.`,
};

function resetDialog() {
  for (const line of [ui.error]) showLine(line, '');
  showLines(ui.failures, []);
  ui.moved.hidden = true;
  ui.conflicts.hidden = true;
}

function openDialog() {
  if (!app.draft) return;
  resetDialog();
  ui.summary.textContent = TEXT.summary(app.draft, changeCount(app.draft));
  ui.dialog.showModal();
  ui.note.focus();
}

async function publish(event) {
  event.preventDefault();
  if (!app.draft) return;
  const note = ui.note.value.trim();
  resetDialog();
  if (!note) {
    showLine(ui.error, TEXT.noteMissing);
    ui.note.focus();
    return;
  }
  await whileBusy(ui.save, async () => {
    try {
      const result = await admin.publish(app.draft.id, note);
      ui.dialog.close();
      ui.note.value = '';
      await loadRules();
      notify(TEXT.published(result.version));
    } catch (error) {
      explain(error);
    }
  });
}

function explain(error) {
  if (error.code === 'invalid_rules' || (error.status === 422 && error.data?.failures)) {
    showLine(ui.error, TEXT.invalid);
    showLines(ui.failures, failureLines(error.data.failures));
  } else if (error.code === 'live_version_moved') {
    const live = error.data.live_version ?? '?';
    const base = error.data.base_version ?? app.draft?.base_version ?? '?';
    ui.movedText.textContent = TEXT.moved(live, base);
    ui.moved.hidden = false;
    ui.rebase.focus();
  } else if (error.code === 'draft_closed') {
    showLine(ui.error, TEXT.closed);
    loadRules().catch(() => {});
  } else {
    showLine(ui.error, errorText(error));
  }
}

async function rebase() {
  if (!app.draft) return;
  await whileBusy(ui.rebase, async () => {
    try {
      const result = await admin.rebase(app.draft.id);
      ui.moved.hidden = true;
      await reloadDraft();
      const conflicts = Array.isArray(result.conflicts) ? result.conflicts : [];
      const live = result.base_version ?? app.liveVersion;
      ui.conflictsText.textContent = conflicts.length ? TEXT.conflicts(live) : TEXT.rebased(live);
      showLines(ui.conflictsList, conflicts.map(String));
      ui.conflicts.hidden = false;
      ui.summary.textContent = TEXT.summary(app.draft, changeCount(app.draft));
    } catch (error) {
      showLine(ui.error, errorText(error));
    }
  });
}

export function bindPublish() {
  ui.open.addEventListener('click', openDialog);
  ui.form.addEventListener('submit', publish);
  ui.cancel.addEventListener('click', () => ui.dialog.close());
  ui.rebase.addEventListener('click', rebase);
}
