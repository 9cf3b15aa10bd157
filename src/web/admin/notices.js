// The page-wide status lines under the draft bar: a notice for what just
// worked ("Đã xuất bản phiên bản 4.") and an error for what did not.

import { byIds, showLine } from '/common/dom.js';
import { errorText } from './api.js';

const ui = byIds({ notice: 'app-notice', error: 'app-error' });

export function notify(text) {
  showLine(ui.error, '');
  showLine(ui.notice, text);
}

// `error` is an ApiError (shown in the server's words) or a sentence.
export function fail(error) {
  showLine(ui.notice, '');
  showLine(ui.error, typeof error === 'string' ? error : errorText(error));
}

export function clearNotices() {
  showLine(ui.notice, '');
  showLine(ui.error, '');
}
