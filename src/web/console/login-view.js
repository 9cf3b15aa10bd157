// The login view: the form that trades a username and password for a token
// (POST /login), then hands over to the rest of the console.

import { api, errorText, setToken } from './api.js';
import { byIds, showLine } from './dom.js';
import { refreshMe } from './session.js';
import { app } from './state.js';
import { showView } from './views.js';

const TEXT = {
  login: 'Đăng nhập',
  loggingIn: 'Đang đăng nhập…',
  missingFields: 'Vui lòng nhập tên đăng nhập và mật khẩu.',
};

const ui = byIds({
  form: 'login-form', username: 'username', password: 'password', error: 'login-error', submit: 'login-submit',
});

// `message` says why we are here (e.g. the session expired); '' for none.
export function showLogin(message) {
  showView('login');
  showLine(ui.error, message);
  ui.submit.disabled = false;
  ui.submit.textContent = TEXT.login;
  ui.password.value = '';
  (ui.username.value ? ui.password : ui.username).focus();
}

// `onSignedIn` runs once the token and app.me are set.
export function bindLoginForm(onSignedIn) {
  ui.form.addEventListener('submit', (event) => logIn(event, onSignedIn));
}

async function logIn(event, onSignedIn) {
  event.preventDefault();
  const username = ui.username.value.trim();
  const password = ui.password.value;
  if (!username || !password) {
    showLine(ui.error, TEXT.missingFields);
    (username ? ui.password : ui.username).focus();
    return;
  }
  ui.submit.disabled = true;
  ui.submit.textContent = TEXT.loggingIn;
  showLine(ui.error, '');
  try {
    const reply = await api('/login', { method: 'POST', body: { username, password }, auth: false });
    setToken(reply.token);
    app.me = reply.user || null;
    if (!app.me) await refreshMe();
    ui.password.value = '';
    await onSignedIn();
  } catch (error) {
    showLine(ui.error, errorText(error));
    ui.password.select();
    ui.password.focus();
  } finally {
    ui.submit.disabled = false;
    ui.submit.textContent = TEXT.login;
  }
}
