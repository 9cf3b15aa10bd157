// The admin API (/api/v1/...): the staff pages' shared client
// (/common/api-client.js) with the admin page's own token key, Vietnamese for
// the admin's error codes, and the admin routes by name. An ApiError keeps
// the whole answer (failures, conflicts, live_version) for the views that
// explain them.

import { createApiClient } from '/common/api-client.js';
import { ApiError } from '/common/api-error.js';
import { createErrorText } from '/common/error-text.js';

export { ApiError };

export const {
  api, currentToken, setToken, setUnauthenticatedHandler,
} = createApiClient('trolyso.admin.token');

// The words to show a person for a failed call.
export const errorText = createErrorText({
  codes: {
    forbidden: 'Tài khoản này không có quyền quản trị.',
    not_found: 'Không tìm thấy.',
    draft_closed: 'Bản nháp này đã được xuất bản hoặc đã bị bỏ.',
    live_version_moved: 'Đã có người xuất bản phiên bản mới trong lúc bạn sửa.',
    invalid_rules: 'Bộ luật có lỗi, chưa thể dùng.',
    invalid_intent: 'Ý định không hợp lệ.',
  },
  statuses: { 409: 'Dữ liệu đã thay đổi, vui lòng tải lại.' },
});

// The error's list of rule failures, as one line each ("file: intent: field: problem").
export function failureLines(failures) {
  if (!Array.isArray(failures)) return [];
  return failures.map((f) => (typeof f === 'string' ? f : f.line || [f.file, f.intent, f.field, f.problem]
    .filter(Boolean).join(': ')));
}

// The admin routes, named after the contract (notes/admin_api.md).
export const admin = {
  rules: () => api('/admin/rules'),
  version: (n) => api(`/admin/rules/versions/${n}`),
  rollback: (n, note) => api(`/admin/rules/versions/${n}/rollback`, { method: 'POST', body: { note } }),
  drafts: () => api('/admin/drafts'),
  createDraft: () => api('/admin/drafts', { method: 'POST', body: { note: '' } }),
  draft: (id) => api(`/admin/drafts/${id}`),
  discard: (id) => api(`/admin/drafts/${id}`, { method: 'DELETE' }),
  saveIntent: (id, intent) => api(`/admin/drafts/${id}/intents/${encodeURIComponent(intent.id)}`,
    { method: 'PUT', body: intent }),
  deleteIntent: (id, intentId) => api(`/admin/drafts/${id}/intents/${encodeURIComponent(intentId)}`,
    { method: 'DELETE' }),
  addExamples: (id, intentId, texts) => api(`/admin/drafts/${id}/intents/${encodeURIComponent(intentId)}/examples`,
    { method: 'POST', body: { texts } }),
  setLexicon: (id, key, value) => api(`/admin/drafts/${id}/lexicon`, { method: 'POST', body: { key, value } }),
  validate: (id) => api(`/admin/drafts/${id}/validate`, { method: 'POST', body: {} }),
  impact: (id) => api(`/admin/drafts/${id}/impact`, { method: 'POST', body: { limit: 2000 } }),
  publish: (id, note) => api(`/admin/drafts/${id}/publish`, { method: 'POST', body: { note } }),
  rebase: (id) => api(`/admin/drafts/${id}/rebase`, { method: 'POST', body: {} }),
  checkPattern: (pattern, form, texts, signal) => api('/admin/rules/check-pattern',
    { method: 'POST', body: { pattern, form, texts }, signal }),
  tryText: (text, draftId) => api('/admin/rules/try',
    { method: 'POST', body: draftId ? { text, draft_id: draftId } : { text } }),
  unanswered: (days) => api(`/admin/unanswered?days=${days}`),
  stats: (days) => api(`/admin/stats?days=${days}`),
  audit: (before) => api(`/admin/audit${before ? `?before=${before}` : ''}`),
};
