// The volunteer API (/api/v1/...): JSON in and out, the bearer token kept in
// sessionStorage so it dies with the tab, and errors turned into ApiError.

const TOKEN_KEY = 'trolyso.console.token';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || `HTTP ${status}`);
    this.status = status;   // 0 when the request never got an answer
    this.code = code || '';
    this.serverMessage = message || '';
  }
}

// Vietnamese for the error codes of the contract, used when the server sends
// no message of its own; the server's message wins when there is one.
const CODE_TEXT = {
  invalid_credentials: 'Sai tên đăng nhập hoặc mật khẩu.',
  unauthenticated: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.',
  forbidden: 'Bạn không có quyền làm việc này.',
  not_holder: 'Chỉ người đang xử lý cuộc trò chuyện này mới làm được việc này.',
  not_found: 'Không tìm thấy cuộc trò chuyện này.',
  already_claimed: 'Người khác đã nhận xử lý cuộc trò chuyện này.',
  resolved: 'Cuộc trò chuyện này đã được hoàn tất.',
  capacity_reached: 'Bạn đang xử lý đủ số cuộc trò chuyện cho phép. Hãy hoàn tất một cuộc trước.',
  not_claimed: 'Cuộc trò chuyện chưa được ai nhận xử lý.',
  invalid_text: 'Tin nhắn không được để trống và không dài quá 2000 ký tự.',
  unknown_area: 'Khu vực không tồn tại.',
  rate_limited: 'Bạn thao tác quá nhanh, vui lòng đợi một lát rồi thử lại.',
};

const STATUS_TEXT = {
  0: 'Không kết nối được máy chủ, vui lòng kiểm tra mạng.',
  400: 'Yêu cầu không hợp lệ.',
  401: CODE_TEXT.unauthenticated,
  403: CODE_TEXT.forbidden,
  404: 'Không tìm thấy.',
  409: 'Trạng thái đã thay đổi, vui lòng xem lại.',
  413: 'Nội dung quá dài.',
  422: 'Dữ liệu không hợp lệ.',
  429: CODE_TEXT.rate_limited,
};

// The words to show a person for a failed call.
export function errorText(error) {
  if (!(error instanceof ApiError)) return STATUS_TEXT[0];
  if (error.serverMessage) return error.serverMessage;
  if (CODE_TEXT[error.code]) return CODE_TEXT[error.code];
  if (STATUS_TEXT[error.status]) return STATUS_TEXT[error.status];
  return 'Máy chủ đang bận, vui lòng thử lại sau ít phút.';
}

export function loadToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

export function saveToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: the token lives only in memory for this page.
  }
}

let token = loadToken();
let onUnauthenticated = () => {};

export function setToken(value) {
  token = value || '';
  saveToken(token);
}

export function currentToken() {
  return token;
}

// Called once for every 401 on an authenticated call (the session is gone).
export function setUnauthenticatedHandler(handler) {
  onUnauthenticated = handler;
}

export function authHeaders() {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

// One JSON call. `body` is an object (sent as JSON) or undefined.
export async function api(path, { method = 'GET', body, signal, auth = true } = {}) {
  const headers = { Accept: 'application/json', ...(auth ? authHeaders() : {}) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', '');
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const failure = new ApiError(response.status, data?.error?.code, data?.error?.message);
    if (auth && response.status === 401) onUnauthenticated(failure);
    throw failure;
  }
  return data ?? {};
}
