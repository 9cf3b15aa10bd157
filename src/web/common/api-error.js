// A failed call to the API (/api/v1/...), as both staff pages see it: the
// HTTP status, the contract's error code, the server's own words, and the
// whole answer (failures, conflicts, live_version) for views that explain it.

export class ApiError extends Error {
  constructor(status, code, message, data) {
    super(message || `HTTP ${status}`);
    this.status = status;   // 0 when the request never got an answer
    this.code = code || '';
    this.serverMessage = message || '';
    this.data = data || {};
  }
}

// The error body is {"error": {"code", "message", ...}} (what the server
// sends, with failures / live_version inside the error object) or
// {"error": "code", "message", ...} (notes/admin_api.md); both are read, and
// `data` holds the extra fields wherever they were.
export function errorOf(status, data) {
  const error = data?.error;
  if (error && typeof error === 'object') {
    return new ApiError(status, error.code, error.message, { ...data, ...error });
  }
  return new ApiError(status, typeof error === 'string' ? error : '', data?.message, data);
}
