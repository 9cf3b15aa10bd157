// What the admin page knows, shared by its modules: who is signed in, the
// live version, the open draft (or, without one, the live rules to browse)
// and which intent is in the editor. Modules change it, then ask for a redraw
// through the listeners below.

export const app = {
  me: null,              // the signed-in admin, from /login or /me
  liveVersion: null,     // number
  draft: null,           // the open draft (GET /admin/drafts/{id}), or null
  intents: [],           // the draft's effective intents, or the live version's
  lexicon: {},           // the same, key -> value
  hits: {},              // intent id -> matches over the last 30 days (draft only)
};

const listeners = new Set();

// `listener()` runs after every change of the rules shown (draft loaded,
// created, discarded, published).
export function onRulesChanged(listener) {
  listeners.add(listener);
}

export function rulesChanged() {
  for (const listener of listeners) listener();
}

export function findIntent(id) {
  return app.intents.find((i) => i.id === id) || null;
}

export function intentTitle(id) {
  const intent = findIntent(id);
  return intent ? intent.title || intent.description || '' : '';
}

export function changeCount(draft) {
  const c = draft?.changes || {};
  return ['created', 'edited', 'deleted', 'lexicon'].reduce((n, k) => n + (Array.isArray(c[k]) ? c[k].length : 0), 0);
}
