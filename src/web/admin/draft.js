// The one draft the admin works on, and the bar that shows it: the live
// version, the draft's base version and its changes, and the buttons that
// act on the whole draft (check, impact, publish, discard).
//
// On load the newest open draft is used (GET /drafts lists newest first);
// without one the live version's rules are shown read-only-until-edited, and
// the first edit creates a draft (ensureDraft).

import { byIds, showLine } from '/common/dom.js';
import { admin, failureLines } from './api.js';
import { confirmDialog } from './confirm-dialog.js';
import { showLines, whileBusy } from './dom.js';
import { fail, notify } from './notices.js';
import { app, changeCount, rulesChanged } from './state.js';

const ui = byIds({
  live: 'live-version', base: 'draft-base', changes: 'draft-changes', create: 'draft-create',
  validate: 'validate', impact: 'impact-open', publish: 'publish-open', discard: 'discard',
  validatePanel: 'validate-panel', impactPanel: 'impact-panel', validateSummary: 'validate-summary', validateFailures: 'validate-failures',
  validateClose: 'validate-close',
});

const TEXT = {
  live: (n) => `Đang chạy: phiên bản ${n ?? '–'}`,
  noDraft: 'Chưa có bản nháp — sửa bất kỳ mục nào để tạo',
  draft: (d) => `Bản nháp #${d.id} · dựa trên phiên bản ${d.base_version}`,
  behind: (d, live) => `Bản nháp #${d.id} · dựa trên phiên bản ${d.base_version} (đang chạy ${live}, cần cập nhật)`,
  changes: (n) => (n ? `${n} thay đổi` : 'Chưa có thay đổi'),
  created: (d) => `Đã tạo bản nháp #${d.id} từ phiên bản ${d.base_version}.`,
  valid: 'Bản nháp hợp lệ: mọi mẫu biên dịch được, mọi ví dụ và phản ví dụ đều đúng. Có thể xuất bản.',
  invalid: (n) => `Bản nháp còn ${n} lỗi, cần sửa trước khi xuất bản:`,
  discardTitle: 'Bỏ bản nháp?',
  discardText: 'Mọi thay đổi trong bản nháp này sẽ mất. Bản đang chạy không bị ảnh hưởng.',
  discardOk: 'Bỏ bản nháp',
  discarded: 'Đã bỏ bản nháp. Đang hiển thị bản đang chạy.',
};

let creating = null;   // the POST /drafts in flight, so two edits create one draft

// Reads the open draft (or the live rules) and redraws everything.
export async function loadRules() {
  const { drafts } = await admin.drafts();
  // Newest first, as the API lists them; sorted again so a change there cannot pick an old one.
  const open = (Array.isArray(drafts) ? drafts : []).filter((d) => !d.state || d.state === 'open')
    .sort((a, b) => (b.created_at ?? 0) - (a.created_at ?? 0) || b.id - a.id);
  if (open.length) {
    await loadDraft(open[0].id);
    return;
  }
  const rules = await admin.rules();
  const version = await admin.version(rules.live_version);
  app.liveVersion = rules.live_version;
  app.draft = null;
  app.intents = Array.isArray(version.intents) ? version.intents : [];
  app.lexicon = version.lexicon || {};
  app.hits = {};
  renderDraftBar();
  rulesChanged();
}

export async function loadDraft(id) {
  const draft = await admin.draft(id);
  app.draft = draft;
  app.liveVersion = draft.live_version ?? app.liveVersion;
  app.intents = Array.isArray(draft.intents) ? draft.intents : [];
  app.lexicon = draft.lexicon || {};
  app.hits = draft.hits || {};
  renderDraftBar();
  rulesChanged();
}

// Re-reads the open draft after an edit; a closed one (published or
// discarded elsewhere) falls back to whatever is open now.
export async function reloadDraft() {
  if (!app.draft) return loadRules();
  try {
    await loadDraft(app.draft.id);
    if (app.draft.state && app.draft.state !== 'open') await loadRules();
  } catch (error) {
    if (error.status === 404) await loadRules();
    else throw error;
  }
}

// The id of the open draft, creating one first when there is none.
export async function ensureDraft() {
  if (app.draft) return app.draft.id;
  if (!creating) {
    creating = (async () => {
      try {
        const created = await admin.createDraft();
        await loadDraft(created.id);
        notify(TEXT.created(created));
        return created.id;
      } finally {
        creating = null;
      }
    })();
  }
  return creating;
}

export function renderDraftBar() {
  const draft = app.draft;
  ui.live.textContent = TEXT.live(app.liveVersion);
  const behind = draft && app.liveVersion !== null && draft.base_version !== app.liveVersion;
  ui.base.textContent = !draft ? TEXT.noDraft : behind ? TEXT.behind(draft, app.liveVersion) : TEXT.draft(draft);
  ui.base.classList.toggle('pill-warn', Boolean(behind));
  ui.changes.hidden = !draft;
  ui.changes.textContent = TEXT.changes(changeCount(draft));
  ui.create.hidden = Boolean(draft);
  for (const control of [ui.validate, ui.impact, ui.publish, ui.discard]) control.disabled = !draft;
  if (!draft) {
    // What they described (a check, an impact) was of a draft that is gone.
    ui.validatePanel.hidden = true;
    ui.impactPanel.hidden = true;
  }
}

async function validate() {
  if (!app.draft) return;
  await whileBusy(ui.validate, async () => {
    try {
      const result = await admin.validate(app.draft.id);
      const lines = failureLines(result.failures);
      showLine(ui.validateSummary, result.ok && lines.length === 0 ? TEXT.valid : TEXT.invalid(lines.length));
      ui.validateSummary.classList.toggle('is-ok', Boolean(result.ok));
      showLines(ui.validateFailures, lines);
      ui.validatePanel.hidden = false;
      ui.validatePanel.scrollIntoView({ block: 'nearest' });
    } catch (error) {
      fail(error);
    }
  });
}

async function discard() {
  if (!app.draft) return;
  const answer = await confirmDialog({
    title: TEXT.discardTitle, text: TEXT.discardText, confirm: TEXT.discardOk, danger: true,
  });
  if (!answer.ok) return;
  await whileBusy(ui.discard, async () => {
    try {
      await admin.discard(app.draft.id);
      ui.validatePanel.hidden = true;
      await loadRules();
      notify(TEXT.discarded);
    } catch (error) {
      fail(error);
    }
  });
}

async function create() {
  await whileBusy(ui.create, async () => {
    try {
      await ensureDraft();
    } catch (error) {
      fail(error);
    }
  });
}

export function bindDraftBar() {
  ui.create.addEventListener('click', create);
  ui.validate.addEventListener('click', validate);
  ui.discard.addEventListener('click', discard);
  ui.validateClose.addEventListener('click', () => { ui.validatePanel.hidden = true; });
}
