// Which view is on screen: 'login', 'queue' or 'chat' (one conversation), and
// 'loading' until the session is known. html[data-view] also lets the CSS
// shrink the header inside a conversation on phones.

import { byIds } from '/common/dom.js';

const ui = byIds({
  login: 'login-view', queue: 'queue-view', chat: 'chat-view',
  headerStatus: 'header-status', logout: 'logout',
});

export function showView(name) {
  document.documentElement.dataset.view = name;
  ui.login.hidden = name !== 'login';
  ui.queue.hidden = name !== 'queue';
  ui.chat.hidden = name !== 'chat';
  const signedIn = name !== 'login' && name !== 'loading';
  ui.headerStatus.hidden = !signedIn;
  ui.logout.hidden = !signedIn;
}

export function currentView() {
  return document.documentElement.dataset.view;
}
