// The JSON client both staff pages call the API (/api/v1/...) with: the
// bearer token, one handler for a lost session, and failures thrown as
// ApiError. A page makes one client with its own token key.

import { ApiError, errorOf } from '/common/api-error.js';
import { loadToken, saveToken } from '/common/token-store.js';

export function createApiClient(tokenKey) {
  let token = loadToken(tokenKey);
  let onUnauthenticated = () => {};

  function setToken(value) {
    token = value || '';
    saveToken(tokenKey, token);
  }

  function currentToken() {
    return token;
  }

  // Called for every 401 on an authenticated call (the session is gone).
  function setUnauthenticatedHandler(handler) {
    onUnauthenticated = handler;
  }

  function authHeaders() {
    return token ? { Authorization: `Bearer ${token}` } : {};
  }

  // One JSON call. `body` is an object (sent as JSON) or undefined.
  async function api(path, { method = 'GET', body, signal, auth = true } = {}) {
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
      const failure = errorOf(response.status, data);
      if (auth && response.status === 401) onUnauthenticated(failure);
      throw failure;
    }
    return data ?? {};
  }

  return { api, authHeaders, currentToken, setToken, setUnauthenticatedHandler };
}
