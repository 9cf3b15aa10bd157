// Where a staff page keeps its bearer token: sessionStorage, so it dies with
// the tab. Each page has its own key, so signing in to one does not sign in
// to the other.

export function loadToken(key) {
  try {
    return sessionStorage.getItem(key) || '';
  } catch {
    return '';
  }
}

export function saveToken(key, token) {
  try {
    if (token) sessionStorage.setItem(key, token);
    else sessionStorage.removeItem(key);
  } catch {
    // Storage disabled: the token lives only in memory for this page.
  }
}
