// The volunteer console's entry point: signs in, routes between the queue
// (#/) and one conversation (#/h/{id}), and keeps a live event stream
// (/api/v1/events) open to redraw whatever the server says has changed.
// Each view lives in its own module; this one only decides which is shown.

import {
  ApiError, api, authHeaders, currentToken, errorText, setToken, setUnauthenticatedHandler,
} from './api.js';
import {
  bindConversation, closeConversation, loadHandoff, openConversation, tickConversation,
} from './conversation.js';
import { EventStream } from './events.js';
import { bindFaqDialog } from './faq-dialog.js';
import { bindLoginForm, showLogin } from './login-view.js';
import { bindNoteDialog } from './note-dialog.js';
import { clearQueue, refreshQueue, showQueue, tickQueue } from './queue-view.js';
import { loadAreas, refreshMe, renderWho } from './session.js';
import { app } from './state.js';
import { quietly } from './tasks.js';
import { bindTransferDialog } from './transfer-dialog.js';
import { loadMessages } from './transcript.js';

const TICK_MS = 15_000;             // wait times are shown in minutes

const TEXT = {
  sessionExpired: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.',
  live: 'Trực tiếp',
  connecting: 'Đang kết nối…',
  retrying: 'Mất kết nối, đang thử lại…',
};

const ui = {
  live: document.getElementById('live'),
  logout: document.getElementById('logout'),
  back: document.getElementById('back'),
};

let stream = null;
let leaving = false;        // leaveApp() runs once however many calls fail with 401

// ---------- routing ----------

function routeId() {
  const match = /^#\/h\/(\d+)$/.exec(location.hash);
  return match ? Number(match[1]) : null;
}

function route() {
  if (!app.me) return;
  const id = routeId();
  if (id) openConversation(id);
  else backToQueue();
}

function backToQueue() {
  const left = app.openId;
  closeConversation();
  showQueue(left);
}

// The back button: through the hash when there is one, so browser history agrees.
function goToQueue() {
  if (routeId()) location.hash = '#/';
  else backToQueue();
}

// ---------- session ----------

async function enterApp() {
  leaving = false;
  renderWho();
  quietly(loadAreas());
  quietly(refreshMe());
  stream.start();
  route();
}

// Back to the login form, forgetting the token and everything shown.
function leaveApp(message) {
  if (leaving) return;
  leaving = true;
  stream.stop();
  setToken('');
  app.me = null;
  app.handoffs = [];
  closeConversation();
  clearQueue();
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  showLogin(message);
}

async function logOut() {
  ui.logout.disabled = true;
  try {
    await api('/logout', { method: 'POST' });
  } catch {
    // Logged out locally either way; the token expires on its own.
  } finally {
    ui.logout.disabled = false;
  }
  leaveApp('');
}

// ---------- live updates ----------

function showStreamState(state) {
  ui.live.dataset.live = state === 'live' ? 'on' : 'off';
  ui.live.textContent = state === 'live' ? TEXT.live : state === 'retrying' ? TEXT.retrying : TEXT.connecting;
}

// Every (re)connection: whatever happened while disconnected was not sent.
function rereadEverything() {
  quietly(refreshQueue());
  if (app.openId) {
    quietly(loadHandoff());
    quietly(loadMessages());
  }
}

function onStreamEvent(type, data) {
  if (type === 'hello') {
    if (data?.user) {
      app.me = { ...app.me, ...data.user };
      renderWho();
    }
    return;
  }
  const id = Number(data?.handoff_id);
  if (type === 'handoff') {
    quietly(refreshQueue());
    quietly(refreshMe());
    if (id === app.openId) quietly(loadHandoff());
  } else if (type === 'message') {
    if (id === app.openId) quietly(loadMessages());
    quietly(refreshQueue());
  } else {
    // An event this page does not know (e.g. "events were dropped"): re-read all.
    rereadEverything();
  }
}

// ---------- start-up ----------

function bind() {
  bindLoginForm(enterApp);
  bindConversation();
  bindFaqDialog();
  bindNoteDialog();
  bindTransferDialog();
  ui.logout.addEventListener('click', logOut);
  ui.back.addEventListener('click', goToQueue);
  window.addEventListener('hashchange', route);
  window.addEventListener('online', () => stream?.restart());
  setInterval(() => {
    tickQueue();
    tickConversation();
  }, TICK_MS);

  setUnauthenticatedHandler(() => leaveApp(TEXT.sessionExpired));
  stream = new EventStream({
    headers: authHeaders,
    onEvent: onStreamEvent,
    onState: showStreamState,
    onOpen: rereadEverything,
    onUnauthenticated: () => leaveApp(TEXT.sessionExpired),
  });
}

async function start() {
  bind();
  if (!currentToken()) {
    showLogin('');
    return;
  }
  // A reload in the same tab keeps the session.
  try {
    await refreshMe();
    await enterApp();
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) {
      setToken('');
      showLogin(errorText(error));
    }
  }
}

start();
