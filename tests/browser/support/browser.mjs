// What every browser test shares: how Chromium is launched, and waiting on
// observable state instead of sleeping.
import assert from 'node:assert/strict';

export const PHONE = { width: 360, height: 740 };

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

// Polls `probe` until it returns a truthy value, or fails with `what` and the
// last value seen. Used instead of fixed sleeps. The deadline is generous:
// CI machines are small and shared, and a slow pass is not a failure.
export async function eventually(probe, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) {
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// A fresh tab of `viewport` size with its own storage (so its own session)
// at `url`, ready once `readySelector` appears. `problems` collects console
// errors, page errors (a CSP violation shows there) and failed requests. The
// tab closes when test `t` ends.
export async function openTab(browser, t, url, readySelector, viewport) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'vi-VN' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
  t.after(() => context.close());
  await page.goto(url);
  await page.waitForSelector(readySelector);
  return { page, problems };
}

// The same on a phone-sized screen.
export function openPhoneTab(browser, t, url, readySelector) {
  return openTab(browser, t, url, readySelector, PHONE);
}
