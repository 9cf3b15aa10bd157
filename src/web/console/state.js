// What the console knows, shared by its views: who is signed in, the queue as
// last fetched and which conversation is open. Views change it, then redraw.

export const app = {
  me: null,                 // User from /login or /me
  openChats: null,          // how many conversations `me` holds, from /me
  capacity: null,           // how many `me` may hold, from /me
  areas: [],                // [{id, name, parent}]
  clockOffsetMs: 0,         // server clock minus ours, from each list's `now`
  handoffs: [],             // the queue
  // The open conversation:
  openId: null,
  open: null,               // its Handoff
  faq: null,                // its FAQ answers once fetched: {handoffId, intents}
  movedAway: false,         // we transferred it out of our areas: a 403 is expected
};

// Wait times are measured on the server's clock, which may differ from ours.
export function serverNow() {
  return Date.now() + app.clockOffsetMs;
}

export function rememberServerClock(now) {
  if (Number.isFinite(now)) app.clockOffsetMs = now - Date.now();
}

export function areaName(id) {
  return app.areas.find((a) => a.id === id)?.name || id || '';
}

export function isMine(handoff) {
  return handoff?.state === 'claimed' && handoff.claimed_by?.id === app.me?.id;
}

export function isAdmin() {
  return app.me?.role === 'admin';
}
