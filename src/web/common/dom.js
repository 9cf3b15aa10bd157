// DOM helpers that the volunteer console and the admin page both use. Text
// from citizens, the bot or staff is untrusted: it only reaches the page
// through el() and showLine(), which set textContent, never innerHTML.

// Looks elements up by id: byIds({ form: 'login-form' }) -> { form: <form> }.
export function byIds(ids) {
  return Object.fromEntries(Object.entries(ids).map(([key, id]) => [key, document.getElementById(id)]));
}

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// Fills a one-line message element, or hides it when there is nothing to say.
export function showLine(node, text) {
  node.textContent = text || '';
  node.hidden = !text;
}
