// The volunteer console in headless Chromium, against the real trolyso binary
// with a fake Telegram Bot API. Run by ctest (see tests/CMakeLists.txt), or:
//   cd tests/browser && TROLYSO_BINARY=../../build/trolyso TROLYSO_SOURCE_DIR=../.. \
//     node --test console.test.mjs
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, PHONE, eventually, openPhoneTab } from './support/browser.mjs';
import { addUser, sourceDir, startServer } from './support/server.mjs';
import { startFakeTelegram } from './support/fake_telegram.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, 'artifacts');

const TG_PAGE = {
  id: 'tg-tanphong',
  name: 'Đoàn xã Tân Phong',
  token: '123456:TEST',
  secret: 'test-secret',
};
const VOLUNTEER = { name: 'tuan', displayName: 'Nguyễn Văn Tuấn', area: 'tanphong' };
const CITIZEN = { id: 7100200300, first_name: 'Lan', last_name: 'Nguyễn Thị' };
const OTHER_CITIZEN = { id: 7100200311, first_name: 'Hùng', last_name: 'Trần Văn' };
// The config additions of the volunteer API: Tân Phong belongs to Phú Hòa.
const AREAS = [
  { id: 'tanphong', name: 'Xã Tân Phong', parent: 'phuhoa' },
  { id: 'phuhoa', name: 'Huyện Phú Hòa' },
];

async function intent(file, id) {
  const rules = JSON.parse(await readFile(path.join(sourceDir(), 'intents', file), 'utf8'));
  const found = rules.intents.find((i) => i.id === id);
  assert.ok(found, `${id} exists in intents/${file}`);
  return found;
}

// The first words of an answer, before any {placeholder}: what the citizen
// sees at the start of the reply whatever the page's local facts are.
function openingWords(answer, count = 5) {
  return answer.split('{')[0].split(/\s+/).filter(Boolean).slice(0, count).join(' ');
}

describe('volunteer console', () => {
  let telegram;
  let server;
  let browser;
  let password;
  let updateId = 900_000;
  let telegramMessageId = 500;

  before(async () => {
    telegram = await startFakeTelegram();
    server = await startServer({
      extraPages: [{
        id: TG_PAGE.id,
        name: TG_PAGE.name,
        area: VOLUNTEER.area,
        channel: 'telegram',
        telegram: { token: TG_PAGE.token, secret_token: TG_PAGE.secret, api_base: telegram.apiBase },
      }],
      extraConfig: { areas: AREAS },
    });
    password = await addUser(server.configFile, {
      name: VOLUNTEER.name, role: 'volunteer', areas: [VOLUNTEER.area], displayName: VOLUNTEER.displayName,
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await telegram?.stop();
  });

  // Posts one Telegram update the way Telegram does; returns the parsed answer.
  async function postUpdate(fields) {
    updateId += 1;
    const response = await fetch(`${server.baseUrl}/webhooks/telegram/${TG_PAGE.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': TG_PAGE.secret },
      body: JSON.stringify({ update_id: updateId, ...fields }),
    });
    const text = await response.text();
    assert.equal(response.status, 200, `webhook answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : {};
  }

  const fromOf = (c) => ({ id: c.id, is_bot: false, first_name: c.first_name, last_name: c.last_name, language_code: 'vi' });
  const chatOf = (c) => ({ id: c.id, first_name: c.first_name, last_name: c.last_name, type: 'private' });

  function citizenSays(text, citizen = CITIZEN) {
    telegramMessageId += 1;
    return postUpdate({
      message: {
        message_id: telegramMessageId, from: fromOf(citizen), chat: chatOf(citizen),
        date: Math.floor(Date.now() / 1000), text,
      },
    });
  }

  function citizenPresses(data, message, citizen = CITIZEN) {
    return postUpdate({
      callback_query: {
        id: String(updateId * 10),
        from: fromOf(citizen),
        message: {
          message_id: message?.message_id ?? 1, chat: chatOf(citizen),
          date: Math.floor(Date.now() / 1000), text: message?.text ?? '',
        },
        chat_instance: '-4821937465012873645',
        data,
      },
    });
  }

  let apiToken = '';
  // GET as the volunteer; returns the raw Response.
  async function fetchAsVolunteer(pathname) {
    if (!apiToken) {
      const login = await fetch(`${server.baseUrl}/api/v1/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: VOLUNTEER.name, password }),
      });
      assert.equal(login.status, 200, 'the volunteer can log in over the API');
      apiToken = (await login.json()).token;
    }
    return fetch(`${server.baseUrl}/api/v1${pathname}`, { headers: { Authorization: `Bearer ${apiToken}` } });
  }

  async function apiAsVolunteer(pathname) {
    const response = await fetchAsVolunteer(pathname);
    assert.equal(response.status, 200, `GET ${pathname}`);
    return response.json();
  }

  const openConsole = (t) =>
    openPhoneTab(browser, t, `${server.baseUrl}/console`, 'html[data-view="login"]');

  async function logIn(page, secret) {
    await page.fill('#username', VOLUNTEER.name);
    await page.fill('#password', secret);
    await page.click('#login-submit');
  }

  function queueItems(page) {
    return page.$$eval('#queue > li', (items) => items.map((li) => ({
      id: Number(li.dataset.id),
      state: li.dataset.state,
      name: li.querySelector('.handoff-name')?.textContent ?? '',
      reason: li.querySelector('.handoff-reason')?.textContent ?? '',
      status: li.querySelector('.handoff-state')?.textContent ?? '',
      wait: li.querySelector('.handoff-wait')?.textContent ?? '',
      position: li.querySelector('.handoff-position')?.textContent ?? '',
      page: li.querySelector('.handoff-page')?.textContent ?? '',
      last: li.querySelector('.handoff-last')?.textContent ?? '',
    })));
  }

  function transcript(page) {
    return page.$$eval('#messages > li', (items) => items.map((li) => ({
      id: Number(li.dataset.id),
      author: li.dataset.author,
      text: li.querySelector('.text')?.textContent ?? '',
      intent: li.querySelector('.intent-id')?.textContent ?? '',
      decision: li.querySelector('.decision')?.textContent ?? '',
      delivery: li.dataset.delivery ?? '',
    })));
  }

  async function noSideways(page, where) {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= PHONE.width, `${where}: the page is ${width}px wide at ${PHONE.width}px`);
  }

  it('shows the server\'s Vietnamese message for a wrong password', async (t) => {
    const { page } = await openConsole(t);
    assert.equal(await page.textContent('label[for="username"]'), 'Tên đăng nhập');
    assert.equal(await page.textContent('label[for="password"]'), 'Mật khẩu');

    const expected = await fetch(`${server.baseUrl}/api/v1/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: VOLUNTEER.name, password: 'sai-mat-khau' }),
    });
    assert.equal(expected.status, 401);
    const { error } = await expected.json();
    assert.equal(error.code, 'invalid_credentials');

    await logIn(page, 'sai-mat-khau');
    await page.waitForSelector('#login-error:not([hidden])');
    const shown = await page.textContent('#login-error');
    assert.equal(shown, error.message || 'Sai tên đăng nhập hoặc mật khẩu.');
    assert.match(shown, /[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/i,
      'the message is Vietnamese, with diacritics');
    assert.equal(await page.getAttribute('html', 'data-view'), 'login', 'still on the login form');
  });

  it('takes a Telegram citizen from the live queue to a rated, resolved chat', async (t) => {
    const { page, problems } = await openConsole(t);
    const navigations = [];
    page.on('load', () => navigations.push(page.url()));

    await logIn(page, password);
    await page.waitForSelector('html[data-view="queue"]');
    assert.match(await page.textContent('#who'), new RegExp(VOLUNTEER.displayName));
    assert.equal(await page.inputValue('#password'), '', 'the password is not kept in the form');
    const token = await page.evaluate(() => sessionStorage.getItem('trolyso.console.token'));
    assert.ok(token, 'the token is kept in sessionStorage');
    // The event stream is open before the citizen writes, so the handoff can
    // only reach the page through it.
    await page.waitForSelector('#live[data-live="on"]');
    assert.deepEqual(await queueItems(page), [], 'the queue starts empty');
    await page.evaluate(() => { window.stillTheSamePage = true; });

    // 1. The citizen asks for a person on Telegram.
    const human = await intent('general.json', 'general.human_request');
    const ask = human.examples.find((e) => /người thật/.test(e)) ?? human.examples[0];
    await citizenSays(ask);
    const [item] = await eventually(async () => {
      const items = await queueItems(page);
      return items.length === 1 ? items : null;
    }, 'the handoff in the queue, pushed over SSE');
    assert.equal(item.state, 'waiting');
    assert.equal(item.status, 'Đang chờ');
    assert.match(item.wait, /^chờ /);
    assert.match(item.position, /1/);
    assert.match(item.page, new RegExp(TG_PAGE.name));
    assert.ok(item.reason.length > 0, 'a reason label is shown');
    assert.ok(item.name.includes(CITIZEN.first_name), `the citizen's name is shown: "${item.name}"`);
    assert.ok(item.last.startsWith('Tin cuối: ') && item.last.length > 'Tin cuối: '.length, 'the last message is shown');
    // The citizen got the bot's holding reply.
    await eventually(() => telegram.sentTo(CITIZEN.id).length >= 1, 'the holding reply on Telegram');
    await noSideways(page, 'queue');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-queue-360.png') });

    // 2. Open it: the transcript shows the citizen and the matched intent.
    await page.click(`#queue > li[data-id="${item.id}"] .handoff-button`);
    await page.waitForSelector('html[data-view="chat"]');
    const opened = await eventually(async () => {
      const messages = await transcript(page);
      return messages.some((m) => m.author === 'citizen' && m.text === ask) ? messages : null;
    }, 'the citizen message in the transcript');
    assert.ok(opened.some((m) => m.intent === 'general.human_request'),
      `the matched intent is shown: ${JSON.stringify(opened)}`);
    assert.ok(opened.some((m) => m.author === 'bot'), 'the bot\'s holding reply is in the transcript');
    assert.equal(await page.isDisabled('#reply'), true, 'no reply before claiming');
    assert.equal(await page.isDisabled('#resolve'), true, 'no resolve before claiming');

    // 3. Claim it and answer.
    await page.click('#claim');
    await eventually(async () => (await page.textContent('#chat-state')).startsWith('Bạn đang xử lý'),
      'the claimed state');
    assert.equal(await page.isDisabled('#claim'), true, 'claiming twice is not offered');
    assert.equal(await page.isDisabled('#reply'), false, 'the reply box opens after claiming');
    const reply = 'Chào chị Lan, em là Tuấn, tình nguyện viên của xã. Chị cần hỗ trợ việc gì ạ?';
    const sentBefore = telegram.sentTo(CITIZEN.id).length;
    await page.fill('#reply', reply);
    await page.click('#send');
    const sent = await eventually(() => telegram.sentTo(CITIZEN.id).slice(sentBefore).find((c) => c.body.text === reply),
      'sendMessage with the volunteer\'s reply');
    assert.equal(String(sent.body.chat_id), String(CITIZEN.id));
    assert.equal(sent.token, TG_PAGE.token);
    await eventually(async () => (await transcript(page)).some((m) => m.author === 'volunteer' && m.text === reply),
      'the reply in the transcript');
    assert.equal(await page.inputValue('#reply'), '', 'the box is cleared after sending');

    // 4. A new citizen message appears live in the open conversation.
    const followUp = 'Dạ em cảm ơn, em chưa kích hoạt được tài khoản ạ';
    await citizenSays(followUp);
    await eventually(async () => (await transcript(page)).some((m) => m.author === 'citizen' && m.text === followUp),
      'the citizen\'s follow-up, pushed over SSE');
    await noSideways(page, 'conversation');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-chat-360.png') });

    // 5. Resolve: the citizen gets a closing message with five rating buttons.
    const beforeResolve = telegram.sentTo(CITIZEN.id).length;
    await page.click('#resolve');
    await eventually(async () => (await page.textContent('#chat-state')).startsWith('Đã hoàn tất'), 'the resolved state');
    const closing = await eventually(() => telegram.sentTo(CITIZEN.id).slice(beforeResolve)
      .find((c) => c.body.reply_markup?.inline_keyboard), 'the closing message with buttons');
    const buttons = closing.body.reply_markup.inline_keyboard.flat();
    assert.equal(buttons.length, 5, `five rating buttons: ${JSON.stringify(buttons)}`);
    assert.deepEqual(buttons.map((b) => b.text), ['1', '2', '3', '4', '5']);
    for (const button of buttons) assert.match(button.callback_data, /^rating:/);
    assert.equal(await page.isDisabled('#reply'), true, 'no reply after resolving');

    // 6. The citizen presses "5": stored, and shown to the volunteer live.
    const five = buttons.find((b) => b.text === '5');
    await citizenPresses(five.callback_data, { message_id: 1, text: closing.body.text });
    await eventually(async () => (await apiAsVolunteer(`/handoffs/${item.id}`)).handoff?.rating === 5,
      'rating 5 stored on the handoff');
    await eventually(async () => (await page.textContent('#chat-state')).includes('5/5'), 'the rating on the page');

    // 7. The conversation is back with the bot: a rule answers the next question.
    const forgot = await intent('vneid.json', 'vneid.forgot_password');
    const variants = (Array.isArray(forgot.answer) ? forgot.answer : [forgot.answer]).map((a) => openingWords(a));
    const beforeQuestion = telegram.sentTo(CITIZEN.id).length;
    await citizenSays(forgot.examples[0]);
    const answer = await eventually(() => telegram.sentTo(CITIZEN.id).slice(beforeQuestion)
      .find((c) => variants.some((v) => c.body.text?.startsWith(v))), 'the bot\'s answer on Telegram');
    assert.ok(answer.body.text.length > 40);

    // 8. Back to the queue: empty again, and no page load ever happened.
    await page.click('#back');
    await page.waitForSelector('html[data-view="queue"]');
    await eventually(async () => (await queueItems(page)).length === 0, 'the resolved handoff gone from the queue');
    assert.deepEqual(navigations, [], 'no page load after logging in');
    assert.equal(await page.evaluate(() => window.stillTheSamePage), true, 'the same document throughout');
    assert.deepEqual(problems, [], 'no console errors (CSP violations would show here), no failed requests');
  });

  it('inserts a FAQ answer, keeps a private note, releases and transfers, and shows refusals', async (t) => {
    const { page } = await openConsole(t);
    await logIn(page, password);
    await page.waitForSelector('#live[data-live="on"]');
    const human = await intent('general.json', 'general.human_request');
    await citizenSays(human.examples[1], OTHER_CITIZEN);
    const [item] = await eventually(async () => {
      const items = (await queueItems(page)).filter((i) => i.name.includes(OTHER_CITIZEN.first_name));
      return items.length === 1 ? items : null;
    }, 'the second citizen in the queue');
    await page.click(`#queue > li[data-id="${item.id}"] .handoff-button`);
    await page.waitForSelector('html[data-view="chat"]');
    await eventually(async () => (await page.textContent('#chat-state')).startsWith('Đang chờ'), 'the waiting state');

    // A conflict is shown in the API's own words (faked: the race is hard to stage).
    const conflict = 'Nguyễn Văn B đã nhận xử lý cuộc trò chuyện này.';
    await page.route('**/api/v1/handoffs/*/claim', (route) => route.fulfill({
      status: 409, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'already_claimed', message: conflict } }),
    }));
    await page.click('#claim');
    await page.waitForSelector('#chat-error:not([hidden])');
    assert.equal(await page.textContent('#chat-error'), conflict);
    await page.unroute('**/api/v1/handoffs/*/claim');
    await eventually(async () => !(await page.isDisabled('#claim')), 'claim offered again after re-reading');
    await page.click('#claim');
    await eventually(async () => (await page.textContent('#chat-state')).startsWith('Bạn đang xử lý'), 'claimed');
    assert.equal(await page.isHidden('#chat-error'), true, 'the old error is gone');

    // FAQ insert: search, pick, and the answer lands in the reply box for editing.
    await page.click('#faq-open');
    await page.waitForSelector('#faq-dialog[open]');
    await page.fill('#faq-search', 'quen mat khau vneid');
    const choice = await page.waitForSelector('.faq-button[data-intent="vneid.forgot_password"]');
    const { intents: faq } = await apiAsVolunteer(`/handoffs/${item.id}/faq`);
    const expected = faq.find((i) => i.id === 'vneid.forgot_password');
    assert.ok(expected?.answer, 'the FAQ API lists vneid.forgot_password with an answer');
    await choice.click();
    await eventually(async () => !(await page.isVisible('#faq-dialog')), 'the dialog to close');
    assert.equal(await page.inputValue('#reply'), expected.answer);
    assert.equal(await page.isDisabled('#send'), false);

    // A refused message keeps the text and shows why (faked 422).
    const invalid = 'Tin nhắn không hợp lệ.';
    await page.route('**/api/v1/handoffs/*/messages', (route) => (route.request().method() === 'POST'
      ? route.fulfill({ status: 422, contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'invalid_text', message: invalid } }) })
      : route.continue()));
    await page.click('#send');
    await page.waitForSelector('#chat-error:not([hidden])');
    assert.equal(await page.textContent('#chat-error'), invalid);
    assert.equal(await page.inputValue('#reply'), expected.answer, 'the text stays for fixing');
    await page.unroute('**/api/v1/handoffs/*/messages');

    // A private note: listed in the conversation, never sent to the citizen.
    const sentBeforeNote = telegram.calls.length;
    const note = 'Người dân dùng điện thoại cũ, cần hướng dẫn từng bước.';
    await page.click('#note-open');
    await page.fill('#note-text', note);
    await page.click('#note-save');
    await eventually(async () => (await page.$$eval('#notes-list .note .text', (n) => n.map((x) => x.textContent)))
      .includes(note), 'the note in the list');
    assert.equal(await page.textContent('#notes-summary'), 'Ghi chú nội bộ (1)');
    const stored = await apiAsVolunteer(`/handoffs/${item.id}`);
    assert.deepEqual(stored.handoff.notes.map((n) => n.text), [note]);
    assert.ok(telegram.calls.slice(sentBeforeNote).every((c) => !JSON.stringify(c.body).includes(note)),
      'the note never reaches Telegram');

    // Release: back in line, the reply box closes.
    await page.click('#release');
    await eventually(async () => (await page.textContent('#chat-state')).startsWith('Đang chờ'), 'waiting again');
    assert.equal(await page.isDisabled('#reply'), true);
    assert.equal(await page.isDisabled('#claim'), false);

    // Transfer to the district: the areas come from the API.
    await page.click('#transfer-open');
    await page.waitForSelector('#transfer-dialog[open]');
    const options = await page.$$eval('#transfer-area option', (o) => o.map((x) => x.value));
    assert.deepEqual(options, ['phuhoa']);
    await page.click('#transfer-save');
    await eventually(async () => (await page.textContent('#chat-notice')) === 'Đã chuyển sang Huyện Phú Hòa.',
      'the transfer notice');
    // The page shows the handoff the transfer answered with.
    assert.match(await page.textContent('#chat-sub'), /Huyện Phú Hòa/);
    assert.match(await page.textContent('#chat-state'), /^Đang chờ/);
    // Phú Hòa is not the volunteer's area. If the API stops showing the handoff
    // to them, the chat stays on screen read-only; either way without an error.
    const stillVisible = (await fetchAsVolunteer(`/handoffs/${item.id}`)).status === 200;
    await eventually(async () => (await page.isDisabled('#claim')) === !stillVisible,
      stillVisible ? 'claim offered in the new area' : 'the actions to close');
    assert.equal(await page.isHidden('#chat-error'), true, 'no error after a transfer that worked');
  });
});
