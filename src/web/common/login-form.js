// The staff pages' login form (#login-form in each index.html): checks that
// both fields are filled, trades them for a token (POST /login) while the
// button says so, and shows the error's words when that fails. What happens
// once the token is in hand is each page's own.

import { byIds, showLine } from '/common/dom.js';

const TEXT = {
  login: 'Đăng nhập',
  loggingIn: 'Đang đăng nhập…',
  missingFields: 'Vui lòng nhập tên đăng nhập và mật khẩu.',
};

const ui = byIds({
  form: 'login-form', username: 'username', password: 'password', error: 'login-error', submit: 'login-submit',
});

// What a page may do to the form while it finishes signing in.
const form = {
  clearPassword() {
    ui.password.value = '';
  },
  // Signed in, but not let in: says why and offers another username.
  refuse(text) {
    showLine(ui.error, text);
    ui.username.select();
  },
};

// Readies the form once it is shown; `message` says why we are here (e.g.
// the session expired), '' for none.
export function resetLoginForm(message) {
  showLine(ui.error, message);
  ui.submit.disabled = false;
  ui.submit.textContent = TEXT.login;
  ui.password.value = '';
  (ui.username.value ? ui.password : ui.username).focus();
}

// `client` is the page's { api, setToken, errorText }. `onToken(reply, form)`
// runs once the token is set; whatever it throws is shown like a failed
// login. `selectPasswordOnError` selects the typed password after a failure.
export function bindLoginForm({ client, onToken, selectPasswordOnError = false }) {
  ui.form.addEventListener('submit', (event) => logIn(event, client, onToken, selectPasswordOnError));
}

async function logIn(event, client, onToken, selectPasswordOnError) {
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
    const reply = await client.api('/login', { method: 'POST', body: { username, password }, auth: false });
    client.setToken(reply.token);
    await onToken(reply, form);
  } catch (error) {
    showLine(ui.error, client.errorText(error));
    if (selectPasswordOnError) ui.password.select();
    ui.password.focus();
  } finally {
    ui.submit.disabled = false;
    ui.submit.textContent = TEXT.login;
  }
}
