// The citizen web chat in headless Chromium, against the real trolyso binary.
// Run by ctest (see tests/CMakeLists.txt), or by hand:
//   TROLYSO_BINARY=build/trolyso TROLYSO_SOURCE_DIR=$PWD node --test tests/browser/
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, PHONE, eventually, openPhoneTab } from './support/browser.mjs';
import { PAGE_NAME, sourceDir, sqlite, startServer } from './support/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, 'artifacts');
// The page polls every 3 s; give a volunteer's message two polls and some slack.
const POLL_DEADLINE_MS = 20_000;

async function intentButtons(file, intentId) {
  const rules = JSON.parse(await readFile(path.join(sourceDir(), 'intents', file), 'utf8'));
  const intent = rules.intents.find((i) => i.id === intentId);
  assert.ok(intent, `${intentId} exists in intents/${file}`);
  return intent.buttons.map((b) => b.label);
}

// What the page shows, read back from the DOM.
function bubbles(page) {
  return page.$$eval('#messages > li', (items) => items.map((li) => ({
    author: ['citizen', 'bot', 'volunteer', 'system'].find((a) => li.classList.contains(`msg-${a}`)),
    meta: li.querySelector('.meta')?.textContent ?? '',
    text: li.querySelector('.text')?.textContent ?? '',
    buttons: [...li.querySelectorAll('.reply')].map((b) => b.textContent),
    sending: li.classList.contains('is-sending'),
    failed: li.classList.contains('is-failed'),
  })));
}

async function botBubbleCount(page) {
  return (await bubbles(page)).filter((b) => b.author === 'bot').length;
}

async function typeAndSend(page, text) {
  await page.fill('#input', text);
  await page.press('#input', 'Enter');
}

// Sends `text` and waits until a new bot bubble appears; returns it.
async function askBot(page, text) {
  const before = await botBubbleCount(page);
  await typeAndSend(page, text);
  return eventually(async () => {
    const bots = (await bubbles(page)).filter((b) => b.author === 'bot');
    return bots.length > before ? bots.at(-1) : null;
  }, `a bot answer to "${text}"`);
}

describe('citizen web chat', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const openChat = (t) => openPhoneTab(browser, t, `${server.baseUrl}/`, 'html[data-ready="true"]');

  const sessionOf = (page) => page.evaluate(() => localStorage.getItem('trolyso.session'));

  it('answers a typed question and a pressed reply button at 360 px', async (t) => {
    const { page, problems } = await openChat(t);
    assert.equal(await page.title(), `${PAGE_NAME} – Trợ lý số`);
    assert.equal(await page.textContent('#page-name'), PAGE_NAME);
    assert.equal(await page.getAttribute('#input', 'placeholder'), 'Nhập câu hỏi của bạn…');
    assert.equal(await page.isDisabled('#send'), true, 'send is disabled while the input is empty');
    await page.fill('#input', '   ');
    assert.equal(await page.isDisabled('#send'), true, 'blank input does not enable send');

    const forgotLabels = await intentButtons('vneid.json', 'vneid.forgot_password');
    const answer = await askBot(page, 'quen mat khau vneid');
    const shown = await bubbles(page);
    assert.deepEqual(
      shown.filter((b) => b.author === 'citizen').map((b) => b.text),
      ['quen mat khau vneid'],
      'the citizen bubble shows what was typed',
    );
    assert.equal(await page.inputValue('#input'), '', 'the input is cleared after sending');
    assert.match(answer.text, /quên mật khẩu/i);
    assert.match(answer.meta, /^Trợ lý số/);
    for (const label of forgotLabels) assert.ok(answer.buttons.includes(label), `button "${label}" shown`);

    // Press the first reply button: its label is the citizen's message, and the
    // bot answers the intent the button points to.
    const otpLabels = await intentButtons('vneid.json', 'vneid.otp_not_received');
    const botsBefore = await botBubbleCount(page);
    await page.click(`.reply >> text="${forgotLabels[0]}"`);
    const next = await eventually(async () => {
      const bots = (await bubbles(page)).filter((b) => b.author === 'bot');
      return bots.length > botsBefore ? bots.at(-1) : null;
    }, 'a bot answer to the pressed button');
    assert.ok(next.text.trim().length > 0);
    assert.notEqual(next.text, answer.text);
    for (const label of otpLabels) assert.ok(next.buttons.includes(label), `button "${label}" shown`);
    const citizens = (await bubbles(page)).filter((b) => b.author === 'citizen');
    assert.deepEqual(citizens.map((b) => b.text), ['quen mat khau vneid', forgotLabels[0]]);
    assert.ok(citizens.every((b) => !b.sending && !b.failed), 'both messages are marked sent');
    // Wait for a poll to confirm the bubbles; it must not draw any twice.
    await eventually(async () => (await page.$$('#messages > li[data-id]')).length === 4, 'all 4 bubbles confirmed by a poll');
    assert.equal((await bubbles(page)).length, 4);
    assert.deepEqual(problems, [], 'no console errors (CSP violations would show here)');
  });

  it('shows a message a volunteer adds later, without reloading', async (t) => {
    const { page, problems } = await openChat(t);
    await askBot(page, 'cho em gặp người thật');
    await eventually(
      async () => (await page.isVisible('#notice')) && (await page.textContent('#notice')) === 'Đang chờ tình nguyện viên…',
      'the queued notice',
    );
    const session = await sessionOf(page);
    assert.match(session, /^[A-Za-z0-9_-]{16,128}$/);
    const conversationId = await sqlite(server.sqlitePath,
      `SELECT id FROM conversations WHERE chat_id = '${session}'`);
    assert.match(conversationId, /^\d+$/, 'the conversation exists in the database');
    const text = 'Chào bác, cháu là tình nguyện viên';
    await sqlite(server.sqlitePath,
      'INSERT INTO messages (conversation_id, direction, author, kind, text, created_at) ' +
      `VALUES (${conversationId}, 'out', 'volunteer', 'text', '${text}', ${Date.now()})`);

    const volunteer = await eventually(
      async () => (await bubbles(page)).find((b) => b.author === 'volunteer'),
      'the volunteer bubble', POLL_DEADLINE_MS,
    );
    assert.equal(volunteer.text, text);
    assert.match(volunteer.meta, /^Tình nguyện viên/);
    assert.deepEqual(problems, []);
  });

  it('re-draws the conversation after a reload', async (t) => {
    const { page, problems } = await openChat(t);
    const answer = await askBot(page, 'quen mat khau vneid');
    const label = answer.buttons[0];
    await page.click(`.reply >> text="${label}"`);
    await eventually(async () => (await botBubbleCount(page)) === 2, 'the second answer');
    await eventually(async () => (await page.$$('#messages > li[data-id]')).length === 4, 'a poll confirming all bubbles');
    const session = await sessionOf(page);
    const strip = (list) => list.map(({ author, text, buttons }) => ({ author, text, buttons }));
    const beforeReload = strip(await bubbles(page));

    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    assert.equal(await sessionOf(page), session, 'the session survives the reload');
    const afterReload = strip(await bubbles(page));
    assert.equal(afterReload.length, 4);
    // The pressed button is stored as its payload; the page still shows its label.
    assert.deepEqual(afterReload, beforeReload);
    assert.deepEqual(problems, []);
  });

  it('never scrolls sideways at 360 px, even with long unbroken text', async (t) => {
    const { page } = await openChat(t);
    await askBot(page, 'quen mat khau vneid');
    await askBot(page, `https://dichvucong.gov.vn/${'x'.repeat(180)}`);
    const widths = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      log: document.getElementById('log').scrollWidth,
      body: document.body.scrollWidth,
    }));
    assert.ok(widths.document <= PHONE.width, `document is ${widths.document}px wide`);
    assert.ok(widths.log <= PHONE.width, `message log is ${widths.log}px wide`);
    assert.ok(widths.body <= PHONE.width, `body is ${widths.body}px wide`);
  });

  it('keeps a message that failed to send and resends it once', async (t) => {
    const { page } = await openChat(t);
    // Every POST fails at the network level: the page retries, then says so.
    await page.route('**/api/v1/webchat/*/messages', (route) =>
      (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
    const text = 'nộp hồ sơ trực tuyến như thế nào';
    await typeAndSend(page, text);
    await eventually(async () => (await page.isVisible('#error')), 'the error line', 15_000);
    assert.equal(await page.textContent('#error'), 'Không gửi được, vui lòng thử lại.');
    const failed = (await bubbles(page)).find((b) => b.author === 'citizen');
    assert.equal(failed.failed, true, 'the bubble is marked as not sent');

    // Network back: "Gửi lại" sends the same message, answered once.
    await page.unroute('**/api/v1/webchat/*/messages');
    await page.click('.resend');
    await eventually(async () => (await botBubbleCount(page)) === 1, 'the answer after resending');
    await eventually(async () => !(await page.isVisible('#error')), 'the error line to go away');
    const session = await sessionOf(page);
    const stored = await sqlite(server.sqlitePath,
      'SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id ' +
      `WHERE c.chat_id = '${session}' AND m.author = 'citizen'`);
    assert.equal(stored, '1', 'the citizen message is stored exactly once');
  });

  it('looks right on a phone (screenshot in tests/browser/artifacts/)', async (t) => {
    const { page, problems } = await openChat(t);
    await askBot(page, 'quen mat khau vneid');
    await mkdir(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'webchat-360.png');
    await page.screenshot({ path: file });
    const { size } = await stat(file);
    assert.ok(size > 5_000, `screenshot has content (${size} bytes)`);
    // Body text must be at least 17 px for older readers.
    const fontSizes = await page.$$eval('.text, .reply, #input, .welcome p',
      (els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize)));
    assert.ok(fontSizes.length > 0 && fontSizes.every((px) => px >= 17), `font sizes ${fontSizes}`);
    // Tap targets at least 44 px tall.
    const heights = await page.$$eval('.reply, #send, #input',
      (els) => els.map((el) => el.getBoundingClientRect().height));
    assert.ok(heights.every((h) => h >= 44), `tap target heights ${heights}`);
    assert.deepEqual(problems, []);
  });
});
