// The admin page (/admin) in headless Chromium, against the real trolyso
// binary: an admin writes a new rule in a draft, sees RE2's complaint while
// typing, previews the impact on real citizen messages, publishes it, and
// rolls it back; a volunteer is refused. Run by ctest (see
// tests/CMakeLists.txt), or:
//   cd tests/browser && TROLYSO_BINARY=../../build/trolyso TROLYSO_SOURCE_DIR=../.. \
//     node --test admin.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, eventually, openTab } from './support/browser.mjs';
import { PAGE_ID, PAGE_NAME, addUser, startServer } from './support/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, 'artifacts');
const LAPTOP = { width: 1280, height: 900 };
const TABLET = { width: 768, height: 1024 };

const ADMIN = { name: 'lan_admin', displayName: 'Trần Thị Lan' };
const VOLUNTEER = { name: 'tuan', displayName: 'Nguyễn Văn Tuấn' };

// A question the starter rules do not answer (`trolyso match --intents
// intents` finds no candidate), and the rule the admin writes for it.
const QUESTION = 'vneid có chế độ cho người khiếm thị không';
const RULE = {
  id: 'vneid.test_new_rule',
  title: 'VNeID cho người khiếm thị',
  description: 'Thử nghiệm: câu hỏi về VNeID cho người khiếm thị.',
  badPattern: '(abc',
  pattern: '\\bkhiem thi\\b',
  answer: 'Câu trả lời thử nghiệm về VNeID cho người khiếm thị. Mời bạn liên hệ {page.name} để được hướng dẫn.',
};
const RENDERED_ANSWER = RULE.answer.replace('{page.name}', PAGE_NAME);
const NOTE = 'Thêm câu trả lời cho người khiếm thị';
const VIETNAMESE = /[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i;

describe('admin page', () => {
  let server;
  let browser;
  const passwords = {};

  before(async () => {
    server = await startServer();
    passwords.admin = await addUser(server.configFile, {
      name: ADMIN.name, role: 'admin', areas: ['tanphong'], displayName: ADMIN.displayName,
    });
    passwords.volunteer = await addUser(server.configFile, {
      name: VOLUNTEER.name, role: 'volunteer', areas: ['tanphong'], displayName: VOLUNTEER.displayName,
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // A fresh laptop-sized tab at /admin (see openTab).
  function openAdmin(t) {
    return openTab(browser, t, `${server.baseUrl}/admin`, 'html[data-view="login"]', LAPTOP);
  }

  async function logIn(page, name, password) {
    await page.fill('#username', name);
    await page.fill('#password', password);
    await page.click('#login-submit');
  }

  // One citizen message through the web chat API, as a new conversation
  // (a second miss in one conversation would hand it to a volunteer and the
  // bot would go silent). Returns the bot's reply texts.
  async function citizenAsks(text) {
    const session = `admintest_${randomBytes(12).toString('hex')}`;
    const response = await fetch(`${server.baseUrl}/api/v1/webchat/${PAGE_ID}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ session, text }),
    });
    const body = await response.json();
    assert.equal(response.status, 200, `web chat answered ${response.status}: ${JSON.stringify(body)}`);
    assert.ok(body.messages.length > 0, 'the bot replies');
    return body.messages.map((m) => m.text);
  }

  let adminToken = '';
  async function adminApi(pathname) {
    if (!adminToken) {
      const login = await fetch(`${server.baseUrl}/api/v1/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: ADMIN.name, password: passwords.admin }),
      });
      assert.equal(login.status, 200, 'the admin can log in over the API');
      adminToken = (await login.json()).token;
    }
    const response = await fetch(`${server.baseUrl}/api/v1${pathname}`, {
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    assert.equal(response.status, 200, `GET ${pathname}`);
    return response.json();
  }

  const text = (page, selector) => page.locator(selector).innerText();

  // A picture of one part of the page, taken from the top of the whole page
  // so the sticky draft bar stays above it instead of covering it.
  async function screenshot(page, selector, name) {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await page.locator(selector).boundingBox();
    assert.ok(box, `${selector} is on the page`);
    await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true, clip: box });
  }

  async function noSideways(page, where) {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    const viewport = page.viewportSize().width;
    assert.ok(width <= viewport, `${where}: the page is ${width}px wide at ${viewport}px`);
  }

  it('refuses a volunteer with a Vietnamese message', async (t) => {
    const { page } = await openAdmin(t);
    assert.equal(await page.textContent('label[for="username"]'), 'Tên đăng nhập');
    await logIn(page, VOLUNTEER.name, passwords.volunteer);
    await page.waitForSelector('#login-error:not([hidden])');
    const shown = await text(page, '#login-error');
    assert.match(shown, /không phải quản trị viên/, `the refusal says why: "${shown}"`);
    assert.match(shown, VIETNAMESE, 'the message is Vietnamese, with diacritics');
    assert.equal(await page.getAttribute('html', 'data-view'), 'login', 'still on the login form');
    assert.equal(await page.isHidden('#app-view'), true, 'nothing of the admin page is shown');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('trolyso.admin.token')), null,
      'no token is kept for a volunteer');
  });

  it('writes, checks, previews, publishes and rolls back a rule', async (t) => {
    // 0. Today the question is not answered: the bot asks to rephrase.
    const before = await citizenAsks(QUESTION);
    assert.ok(before.every((m) => !m.includes(RENDERED_ANSWER)), `not the new answer yet: ${JSON.stringify(before)}`);
    const { versions: seeded } = await adminApi('/admin/rules');
    assert.equal(seeded.length, 1, 'the starter intents are version 1');

    const { page, problems } = await openAdmin(t);
    await logIn(page, ADMIN.name, passwords.admin);
    await page.waitForSelector('html[data-ready="true"]');
    assert.match(await text(page, '#who'), new RegExp(ADMIN.displayName));
    assert.equal(await text(page, '#live-version'), 'Đang chạy: phiên bản 1');
    assert.ok(await page.evaluate(() => sessionStorage.getItem('trolyso.admin.token')), 'the token is in sessionStorage');
    // The starter intents, grouped by topic.
    assert.equal(await page.locator('.topic-group[data-topic="vneid"] .intent-item[data-id="vneid.forgot_password"]').count(), 1);
    assert.equal(await page.locator(`.intent-item[data-id="${RULE.id}"]`).count(), 0);

    // 1. A new intent; a broken pattern shows RE2's complaint under the field.
    await page.click('#intent-add');
    await page.waitForSelector('#editor-form:not([hidden]) #intent-id:not([readonly])');
    await page.fill('#intent-id', RULE.id);
    await page.fill('#intent-title', RULE.title);
    await page.fill('#intent-description', RULE.description);
    await page.fill('#intent-examples', QUESTION);
    const patternInput = page.locator('#patterns-list .pattern-input').first();
    const patternError = page.locator('#patterns-list .pattern-error').first();
    await patternInput.pressSequentially(RULE.badPattern);
    await patternError.waitFor({ state: 'visible' });
    assert.match(await patternError.innerText(), /missing \)/, 'RE2\'s own words are shown');
    assert.equal(await patternInput.getAttribute('aria-invalid'), 'true');

    // Fixed: the error goes, and the example is shown as matched.
    await patternInput.fill(RULE.pattern);
    await patternError.waitFor({ state: 'hidden' });
    const chip = page.locator('#patterns-list .chip.is-match');
    await chip.waitFor();
    assert.equal(await chip.innerText(), `✓ ${QUESTION}`);
    assert.equal(await patternInput.getAttribute('aria-invalid'), null);

    // The answer, previewed with the page's name filled in.
    await page.fill('#answers-list .answer-input', RULE.answer);
    await eventually(async () => (await text(page, '#answer-preview .bubble-bot .bubble-text')) === RENDERED_ANSWER,
      'the preview bubble with {page.name} filled in');

    // 2. Saved into a new draft.
    await page.click('#intent-save');
    await eventually(async () => (await text(page, '#editor-notice')).startsWith('Đã lưu vào bản nháp'),
      'the saved notice');
    assert.equal(await page.isHidden('#editor-problems-box'), true, 'the server found no problem in the intent');
    assert.equal(await text(page, `.intent-item[data-id="${RULE.id}"] .badge`), 'mới');
    assert.equal(await text(page, '#draft-changes'), '1 thay đổi');
    assert.match(await text(page, '#draft-base'), /^Bản nháp #\d+ · dựa trên phiên bản 1$/);
    await screenshot(page, '#editor-form', 'admin-editor.png');

    // 3. Try it: the draft answers with the new rule, the live rules do not.
    await page.fill('#try-text', QUESTION);
    await page.click('#try-submit');
    await eventually(async () => (await page.getAttribute('#try-draft', 'data-intent')) === RULE.id,
      'the draft\'s winner in the try box');
    assert.equal(await page.getAttribute('#try-live', 'data-intent'), '', 'the live rules match nothing');
    assert.match(await text(page, '#try-draft .try-answer'), new RegExp(PAGE_NAME));

    // 4. The impact preview counts the citizen's message sent above.
    await page.click('#impact-open');
    const transition = page.locator(`#impact-list .transition[data-from="no_match"][data-to="${RULE.id}"]`);
    await transition.waitFor();
    assert.equal(await transition.locator('.from').innerText(), 'không khớp');
    const moved = Number((await transition.locator('.transition-count').innerText()).match(/^(\d+) tin nhắn$/)?.[1]);
    assert.ok(moved >= 1, `at least the citizen's message changes: ${moved}`);
    assert.ok((await transition.locator('.quote').allInnerTexts()).includes(QUESTION), 'the message is listed');
    assert.match(await text(page, '#impact-summary'), /^Đã thử lại \d+ tin nhắn gần đây của người dân: \d+ tin nhắn sẽ được trả lời khác/);
    await screenshot(page, '#impact-panel', 'admin-impact.png');

    // 5. Publish with a note: the citizen now gets the new answer.
    await page.click('#publish-open');
    await page.waitForSelector('#publish-dialog[open]');
    await page.fill('#publish-note', NOTE);
    await page.click('#publish-save');
    await eventually(async () => (await text(page, '#app-notice')).startsWith('Đã xuất bản phiên bản 2'),
      'the published notice');
    assert.equal(await page.isVisible('#publish-dialog'), false, 'the dialog closed');
    assert.equal(await text(page, '#live-version'), 'Đang chạy: phiên bản 2');
    const published = await adminApi('/admin/rules');
    assert.equal(published.live_version, 2);
    assert.equal(published.versions[0].note, NOTE);
    assert.equal(published.versions[0].author, ADMIN.name);
    assert.deepEqual(await citizenAsks(QUESTION), [RENDERED_ANSWER], 'the new answer reaches citizens');

    // 6. Roll back to version 1 in the Versions tab: the old reply again.
    await page.click('.tab[data-tab="versions"]');
    const first = page.locator('#versions-rows tr[data-version="1"]');
    await first.locator('.rollback').click();
    await page.waitForSelector('#confirm-dialog[open]');
    assert.match(await text(page, '#confirm-title'), /Khôi phục phiên bản 1/);
    await page.click('#confirm-ok');
    await eventually(async () => (await text(page, '#app-notice')).startsWith('Đã khôi phục: phiên bản 3 đang chạy'),
      'the rolled-back notice');
    const restored = page.locator('#versions-rows tr[data-version="3"]');
    await restored.waitFor();
    assert.equal(await restored.locator('.version-kind').innerText(), 'Khôi phục về phiên bản 1');
    assert.equal(await restored.locator('.badge-live').innerText(), 'Đang chạy');
    assert.equal(await page.locator('#versions-rows tr[data-version="2"] .rollback').count(), 1,
      'the published version can be restored again');
    assert.equal(await text(page, '#live-version'), 'Đang chạy: phiên bản 3');
    assert.equal((await adminApi('/admin/rules')).live_version, 3);
    const after = await citizenAsks(QUESTION);
    assert.deepEqual(after, before, 'the rolled-back rules answer as before');

    // 7. Statistics: the messages above, drawn as SVG.
    await page.click('.tab[data-tab="stats"]');
    await page.waitForSelector('#tab-stats[data-loaded="true"]');
    const total = Number((await text(page, '.tile[data-tile="messages"] .tile-value')).replace(/\D/g, ''));
    assert.equal(total, 3, 'three citizen messages today');
    assert.ok(await page.locator('#chart-messages svg rect.bar').count() >= 1, 'a bar for today');
    assert.equal(await page.locator('#chart-messages svg rect.series-answered').count(), 1, 'one answered bar segment');
    await screenshot(page, '#tab-stats', 'admin-stats.png');

    // 8. On a 768-px tablet nothing scrolls sideways.
    await page.setViewportSize(TABLET);
    await noSideways(page, 'statistics');
    await page.click('.tab[data-tab="intents"]');
    await page.click(`.intent-item[data-id="vneid.forgot_password"] a`);
    await page.waitForSelector('#intent-id[readonly]');
    await noSideways(page, 'editor');

    assert.deepEqual(problems, [], 'no console errors (CSP violations would show here), no failed requests');
  });
});
