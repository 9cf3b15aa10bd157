// The login view: the shared login form (/common/login-form.js), letting only
// admins in. A volunteer's fresh session is logged out again at once and they
// are told, in words, that this page is for admins.

import { bindLoginForm as bindForm, resetLoginForm } from '/common/login-form.js';
import { api, errorText, setToken } from './api.js';
import { app } from './state.js';

export const NOT_ADMIN_TEXT = 'Tài khoản này không phải quản trị viên nên không mở được trang quản trị. '
  + 'Tình nguyện viên vui lòng dùng Bàn trực tại /console.';

export function isAdmin(user) {
  return user?.role === 'admin';
}

// Ends a session that may not use this page; the token is forgotten either way.
export async function dropSession() {
  try {
    await api('/logout', { method: 'POST' });
  } catch {
    // The token expires on its own.
  }
  setToken('');
  app.me = null;
}

// `message` says why we are here (e.g. the session expired); '' for none.
export function showLogin(message) {
  document.documentElement.dataset.view = 'login';
  resetLoginForm(message);
}

// `onSignedIn` runs once the token and app.me are set for an admin.
export function bindLoginForm(onSignedIn) {
  bindForm({
    client: { api, setToken, errorText },
    async onToken(reply, form) {
      app.me = reply.user || (await api('/me')).user || null;
      form.clearPassword();
      if (!isAdmin(app.me)) {
        await dropSession();
        form.refuse(NOT_ADMIN_TEXT);
        return;
      }
      await onSignedIn();
    },
  });
}
