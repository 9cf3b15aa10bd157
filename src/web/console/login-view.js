// The login view: the shared login form (/common/login-form.js), then the
// volunteer's profile, then the rest of the console.

import { bindLoginForm as bindForm, resetLoginForm } from '/common/login-form.js';
import { api, errorText, setToken } from './api.js';
import { refreshMe } from './session.js';
import { app } from './state.js';
import { showView } from './views.js';

// `message` says why we are here (e.g. the session expired); '' for none.
export function showLogin(message) {
  showView('login');
  resetLoginForm(message);
}

// `onSignedIn` runs once the token and app.me are set.
export function bindLoginForm(onSignedIn) {
  bindForm({
    client: { api, setToken, errorText },
    selectPasswordOnError: true,
    async onToken(reply, form) {
      app.me = reply.user || null;
      if (!app.me) await refreshMe();
      form.clearPassword();
      await onSignedIn();
    },
  });
}
