// The admin page's entry point: signs an admin in, routes between the tabs
// (#/intents[/<id>|/new], #/lexicon, #/unanswered, #/stats, #/versions,
// #/audit) and loads the open draft. Each tab lives in its own module; this
// one only decides which is shown and when it is (re)loaded.

import { byIds } from '/common/dom.js';
import { ApiError, api, currentToken, errorText, setToken, setUnauthenticatedHandler } from './api.js';
import { loadAudit, bindAudit } from './audit.js';
import { bindConfirmDialog } from './confirm-dialog.js';
import { bindDraftBar, loadRules } from './draft.js';
import { bindImpact, hideImpact } from './impact.js';
import { bindInbox, loadInbox } from './inbox.js';
import {
  bindIntentEditor, closeEditor, currentIntentHash, rulesReloaded, showIntentRoute, startNewIntent,
} from './intent-editor.js';
import { bindIntentList, renderIntentList } from './intent-list.js';
import { bindLexicon, renderLexicon } from './lexicon.js';
import { NOT_ADMIN_TEXT, bindLoginForm, dropSession, isAdmin, showLogin } from './login-view.js';
import { clearNotices, fail } from './notices.js';
import { bindPublish } from './publish.js';
import { app, onRulesChanged } from './state.js';
import { bindStats, loadStats } from './stats.js';
import { bindTryBox } from './try-box.js';
import { loadVersions } from './versions.js';

const TABS = ['intents', 'lexicon', 'unanswered', 'stats', 'versions', 'audit'];

const TEXT = {
  sessionExpired: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.',
  who: (me) => `${me.display_name || me.username} · quản trị viên`,
};

const ui = byIds({ login: 'login-view', app: 'app-view', who: 'who', logout: 'logout' });

let signedIn = false;

// ---------- routing ----------

function parseHash() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const tab = TABS.includes(parts[0]) ? parts[0] : 'intents';
  return { tab, id: tab === 'intents' ? parts[1] || null : null };
}

function showTab(tab) {
  for (const panel of document.querySelectorAll('.tab-panel')) panel.hidden = panel.dataset.tab !== tab;
  for (const link of document.querySelectorAll('.tab')) {
    const active = link.dataset.tab === tab;
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
    if (link.dataset.tab === 'intents') link.href = currentIntentHash();
  }
  document.documentElement.dataset.tab = tab;
}

async function route() {
  if (!signedIn) return;
  const { tab, id } = parseHash();
  showTab(tab);
  if (tab === 'intents') {
    await showIntentRoute(id);
    showTab(tab);
  } else if (tab === 'unanswered') {
    await loadInbox();
  } else if (tab === 'stats') {
    await loadStats();
  } else if (tab === 'versions') {
    await loadVersions();
  } else if (tab === 'audit') {
    await loadAudit();
  }
}

// ---------- session ----------

async function enterApp() {
  signedIn = true;
  document.documentElement.dataset.view = 'app';
  ui.login.hidden = true;
  ui.app.hidden = false;
  ui.who.hidden = false;
  ui.logout.hidden = false;
  ui.who.textContent = TEXT.who(app.me);
  try {
    await loadRules();
  } catch (error) {
    fail(error);
  }
  await route();
  document.documentElement.dataset.ready = 'true';
}

function leaveApp(message) {
  signedIn = false;
  setToken('');
  app.me = null;
  app.draft = null;
  closeEditor();
  hideImpact();
  clearNotices();
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  ui.app.hidden = true;
  ui.who.hidden = true;
  ui.logout.hidden = true;
  ui.login.hidden = false;
  delete document.documentElement.dataset.ready;
  showLogin(message);
}

async function logOut() {
  ui.logout.disabled = true;
  await dropSession();
  ui.logout.disabled = false;
  leaveApp('');
}

// ---------- start-up ----------

function bind() {
  bindLoginForm(enterApp);
  bindConfirmDialog();
  bindDraftBar();
  bindPublish();
  bindImpact();
  bindIntentList(() => startNewIntent());
  bindIntentEditor();
  bindTryBox();
  bindLexicon();
  bindInbox();
  bindStats();
  bindAudit();
  onRulesChanged(() => {
    renderIntentList();
    renderLexicon();
    rulesReloaded();
  });
  ui.logout.addEventListener('click', logOut);
  window.addEventListener('hashchange', route);
  setUnauthenticatedHandler(() => {
    if (signedIn) leaveApp(TEXT.sessionExpired);
  });
}

async function start() {
  bind();
  if (!currentToken()) {
    ui.login.hidden = false;
    showLogin('');
    return;
  }
  // A reload in the same tab keeps the session.
  try {
    const { user } = await api('/me');
    app.me = user;
    if (!isAdmin(user)) {
      await dropSession();
      ui.login.hidden = false;
      showLogin(NOT_ADMIN_TEXT);
      return;
    }
    await enterApp();
  } catch (error) {
    setToken('');
    ui.login.hidden = false;
    showLogin(error instanceof ApiError && error.status === 401 ? TEXT.sessionExpired : errorText(error));
  }
}

start();
