// Background fetches: several things (live events, the clock, a click) may ask
// for the same re-read at once, and most callers do not wait for the answer.

// Runs `task` at most once at a time; a call while it runs queues one more run,
// so the last request is always answered with fresh data.
export function coalesced(task) {
  let running = null;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        await task();
      } finally {
        running = null;
        if (again) {
          again = false;
          run();
        }
      }
    })();
    return running;
  };
  return run;
}

// Starts a fetch without waiting; its failure is shown (or not) by the task itself.
export function quietly(promise) {
  promise.catch(() => {});
}
