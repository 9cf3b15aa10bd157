// Words, numbers and times shown on the admin page. Pure functions, no DOM.

const VN_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
});

// A Unix-ms instant as Vietnam time, "14:05 26/11/2026" whatever the browser's zone.
export function vnTime(ms) {
  if (!Number.isFinite(ms)) return '';
  const parts = Object.fromEntries(VN_TIME.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.hour}:${parts.minute} ${parts.day}/${parts.month}/${parts.year}`;
}

// "2026-11-26" (a Vietnam day from the stats) -> "26/11".
export function shortDay(day) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day || '');
  return match ? `${match[3]}/${match[2]}` : String(day || '');
}

export function number(n) {
  return Number.isFinite(n) ? n.toLocaleString('vi-VN') : '–';
}

export function minutes(seconds) {
  if (!Number.isFinite(seconds)) return '–';
  const m = seconds / 60;
  return m < 10 ? `${m.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} phút` : `${Math.round(m)} phút`;
}

export function percent(part, whole) {
  if (!whole) return '–';
  return `${Math.round((100 * part) / whole)}%`;
}

export const TOPIC_LABELS = {
  vneid: 'VNeID',
  payment: 'Thanh toán, ngân hàng',
  dossier: 'Hồ sơ, dịch vụ công',
  general: 'Chung',
};
export const TOPIC_ORDER = ['vneid', 'payment', 'dossier', 'general'];

export function topicOf(intentId) {
  const dot = String(intentId || '').indexOf('.');
  return dot > 0 ? intentId.slice(0, dot) : '';
}

export function topicLabel(topic) {
  return TOPIC_LABELS[topic] || topic || 'Khác';
}

export const STATUS_LABELS = {
  created: 'mới',
  edited: 'đã sửa',
};

export const ACTION_LABELS = {
  none: 'Chỉ trả lời',
  handoff: 'Trả lời rồi chuyển tình nguyện viên',
  handoff_urgent: 'Trả lời rồi chuyển gấp (đầu hàng chờ)',
};

// Decisions of /rules/try. The server says no_match where the contract said
// escalate for a message no rule matches; both are shown the same way.
export const DECISION_LABELS = {
  answer: 'Trả lời',
  clarify: 'Hỏi lại cho rõ',
  escalate: 'Không khớp: hỏi lại câu khác, rồi chuyển người thật',
  no_match: 'Không khớp: hỏi lại câu khác, rồi chuyển người thật',
};

export const KIND_LABELS = {
  seed: 'Khởi tạo từ tệp luật',
  publish: 'Xuất bản',
  rollback: 'Khôi phục',
};

export function kindText(version) {
  if (version.kind === 'rollback' && Number.isFinite(version.rolled_back_to)) {
    return `Khôi phục về phiên bản ${version.rolled_back_to}`;
  }
  return KIND_LABELS[version.kind] || version.kind || '';
}

export const AUDIT_ACTION_LABELS = {
  'user.create': 'Tạo tài khoản',
  'rules.publish': 'Xuất bản luật',
  'rules.rollback': 'Khôi phục phiên bản luật',
  'rules.reload': 'Nạp lại luật',
  'draft.create': 'Tạo bản nháp',
  'draft.discard': 'Bỏ bản nháp',
  'draft.rebase': 'Cập nhật bản nháp theo bản đang chạy',
  'rules.seed': 'Nạp luật ban đầu từ tệp',
  'rules.import': 'Nạp luật từ tệp',
  'intent.create': 'Thêm ý định (bản nháp)',
  'intent.edit': 'Sửa ý định (bản nháp)',
  'intent.delete': 'Xóa ý định (bản nháp)',
  'intent.examples': 'Thêm ví dụ (bản nháp)',
  'lexicon.set': 'Sửa từ điển (bản nháp)',
  'lexicon.remove': 'Xóa mục từ điển (bản nháp)',
};

// The side of an impact transition: "no_match", "clarify(a, b)" or an intent
// id, in words; `titleOf` names an intent id.
export function outcomeText(outcome, titleOf) {
  if (!outcome || outcome === 'no_match') return 'không khớp';
  const clarify = /^clarify\((.*)\)$/.exec(outcome);
  if (clarify) {
    const ids = clarify[1].split(',').map((s) => s.trim()).filter(Boolean);
    return `hỏi lại (${ids.join(', ')})`;
  }
  const title = titleOf(outcome);
  return title ? `${outcome} · ${title}` : outcome;
}

// "1 thay đổi", "3 thay đổi"; Vietnamese has no plural forms.
export function count(n, noun) {
  return `${number(n)} ${noun}`;
}
