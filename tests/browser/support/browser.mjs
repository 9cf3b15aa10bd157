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
