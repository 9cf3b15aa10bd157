// The two lines above the transcript of the open conversation: a notice (what
// just happened, e.g. "claimed") and an error. Several modules report there.

import { byIds, showLine } from '/common/dom.js';

const ui = byIds({ notice: 'chat-notice', error: 'chat-error' });

export function showChatNotice(text) {
  showLine(ui.notice, text);
}

export function showChatError(text) {
  showLine(ui.error, text);
}

export function clearChatNotices() {
  showLine(ui.error, '');
  showLine(ui.notice, '');
}
