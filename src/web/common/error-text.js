// Turns an ApiError into the Vietnamese a person reads. The words every staff
// page needs are here; each page adds (or overrides) those for its own error
// codes and statuses. The server's own message wins when there is one.

import { ApiError } from '/common/api-error.js';

const CODE_TEXT = {
  invalid_credentials: 'Sai tên đăng nhập hoặc mật khẩu.',
  unauthenticated: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.',
  rate_limited: 'Bạn thao tác quá nhanh, vui lòng đợi một lát rồi thử lại.',
};

const STATUS_TEXT = {
  0: 'Không kết nối được máy chủ, vui lòng kiểm tra mạng.',
  400: 'Yêu cầu không hợp lệ.',
  404: 'Không tìm thấy.',
  413: 'Nội dung quá dài.',
  422: 'Dữ liệu không hợp lệ.',
};

const BUSY_TEXT = 'Máy chủ đang bận, vui lòng thử lại sau ít phút.';

// `codes` maps error codes to words (it should name `forbidden`, which 403
// falls back to); `statuses` maps HTTP statuses. Returns errorText(error).
export function createErrorText({ codes = {}, statuses = {} } = {}) {
  const codeText = { ...CODE_TEXT, ...codes };
  const statusText = {
    ...STATUS_TEXT,
    401: codeText.unauthenticated,
    403: codeText.forbidden,
    429: codeText.rate_limited,
    ...statuses,
  };
  return function errorText(error) {
    if (!(error instanceof ApiError)) return statusText[0];
    if (error.serverMessage) return error.serverMessage;
    if (codeText[error.code]) return codeText[error.code];
    if (statusText[error.status]) return statusText[error.status];
    return BUSY_TEXT;
  };
}
