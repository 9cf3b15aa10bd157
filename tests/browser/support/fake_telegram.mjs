// A fake Telegram Bot API on a free loopback port: records every
// POST /bot<token>/<method> with its JSON body and answers it as Telegram
// answers a successful call. Point a page's `telegram.api_base` at `apiBase`.
import http from 'node:http';

// Starts the fake; call `stop()` when done.
export async function startFakeTelegram() {
  const calls = [];   // {token, method, body, at}
  let nextMessageId = 1000;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { raw += chunk; });
    req.on('end', () => {
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url.split('?')[0]);
      if (req.method !== 'POST' || !match) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
        return;
      }
      let body = null;
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = { unparsed: raw };
      }
      calls.push({ token: match[1], method: match[2], body, at: Date.now() });
      nextMessageId += 1;
      const result = {
        message_id: nextMessageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: body?.chat_id, type: 'private' },
        ...(typeof body?.text === 'string' ? { text: body.text } : {}),
      };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result }));
    });
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    apiBase: `http://127.0.0.1:${port}`,
    calls,
    // The sendMessage calls to one chat, oldest first.
    sentTo(chatId) {
      return calls.filter((c) => c.method === 'sendMessage' && String(c.body?.chat_id) === String(chatId));
    },
    stop() {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
