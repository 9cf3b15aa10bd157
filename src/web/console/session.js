// The signed-in person: their profile and how many conversations they hold
// (/me), the areas a conversation can be transferred to (/areas), and the
// header line that names them.

import { api } from './api.js';
import { app } from './state.js';

const who = document.getElementById('who');

export async function refreshMe() {
  const reply = await api('/me');
  if (reply.user) app.me = reply.user;
  app.openChats = Number.isFinite(reply.open_chats) ? reply.open_chats : null;
  app.capacity = Number.isFinite(reply.capacity) ? reply.capacity : null;
  renderWho();
}

export function renderWho() {
  if (!app.me) return;
  let text = app.me.display_name || app.me.username || '';
  if (app.openChats !== null && app.capacity !== null) text += ` · xử lý ${app.openChats}/${app.capacity}`;
  who.textContent = text;
}

export async function loadAreas() {
  const reply = await api('/areas');
  app.areas = Array.isArray(reply.areas) ? reply.areas : [];
}
