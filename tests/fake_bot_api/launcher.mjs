#!/usr/bin/env node
// Fake Telegram Bot API for newsbot's end-to-end tests.
//
// Usage: node tests/fake_bot_api/launcher.mjs [PORT]   (PORT 0 or absent: a free port)
// Prints one JSON line on stdout once listening: {"port": N, "bot": {"id": .., "username": ..}}.
// Exits on SIGINT/SIGTERM or when stdin closes (so it dies with the process that started it).
//
// telegram-test-api 4.2.1 supplies the message storage and ids, the methods that inject user
// updates (its client API: /sendMessage, /sendCommand, /sendCallback, /getUpdatesHistory) and
// the update format. As shipped it cannot serve python-telegram-bot 22, so this file puts its
// own Express app in front of the library's: it answers the Bot API itself where the library is
// wrong or silent, adds inline queries, and lets the rest fall through to the library. Test-only
// controls live under /_fake/ (call log, forced failures, bot messages by chat, chat members,
// reset).
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const TelegramServer = require('telegram-test-api');
// Use the very Express that telegram-test-api depends on, wherever npm placed it.
const express = createRequire(require.resolve('telegram-test-api'))('express');

// The library's getMe identity, completed with the fields PTB requires (is_bot).
const BOT = {
  id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot',
  can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true,
};
// Methods Telegram answers with plain `true` and that need no fake-side behaviour.
const TRUE_METHODS = new RegExp('^(set|delete|answer|pin|unpin|leave|ban|unban|restrict|promote'
  + '|approve|decline|close|logout|sendchataction)');
// Parameters that are strings in the Bot API: never JSON-decode them ("123" stays text).
const STRING_PARAMS = new Set(['text', 'caption', 'query', 'data', 'url', 'secret_token', 'name',
  'title', 'description', 'short_description', 'callback_query_id', 'inline_query_id',
  'inline_message_id', 'next_offset', 'language_code', 'parse_mode', 'action', 'file_id']);
const HTML_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span',
  'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);

class ApiError extends Error {
  constructor(code, description, parameters) {
    super(description);
    this.code = code;
    this.parameters = parameters;
  }
}

const server = new TelegramServer({ host: '127.0.0.1', storeTimeout: 24 * 3600 });
const calls = []; // every Bot API call: {method, params, status, time}
const failures = []; // queued forced failures: {method, remaining, error_code, description, ...}
const chats = new Map(); // chat id -> chat object, learnt from injected updates
const confirmed = new Map(); // token -> lowest update_id not yet confirmed by an offset
const webhooks = new Map(); // token -> {url, secret_token}
const commands = new Map(); // JSON [scope, language_code] -> commands
const waiters = new Set(); // pending long polls, woken by new updates
const members = new Map(); // `${chat_id}:${user_id}` -> status set by a test (default: member)
let inlineQueryId = 1;

// --- helpers -------------------------------------------------------------------------------

// PTB posts form fields whose non-string values are JSON-encoded; decode them back.
function decodeParams(body) {
  const params = {};
  for (const [key, value] of Object.entries(body || {})) {
    params[key] = value;
    if (typeof value === 'string' && !STRING_PARAMS.has(key)) {
      try { params[key] = JSON.parse(value); } catch { /* a plain string, e.g. "@channel" */ }
    }
  }
  return params;
}

function chatFor(chatId) {
  const id = Number(chatId);
  return chats.get(id) || { id, type: id < 0 ? 'supergroup' : 'private' };
}

function findBotMessage(chatId, messageId) {
  return server.storage.botMessages.find((u) => String(u.message.chat_id) === String(chatId)
    && String(u.messageId) === String(messageId));
}

// Build a Bot API Message from a stored bot message (the library stores the request body).
function toMessage(stored) {
  const m = stored.message;
  const markup = m.reply_markup && m.reply_markup.inline_keyboard ? m.reply_markup : undefined;
  const message = {
    message_id: stored.messageId,
    date: Math.floor(stored.time / 1000), // the library keeps milliseconds
    chat: chatFor(m.chat_id),
    from: BOT,
    text: m.text,
  };
  if (m.entities) message.entities = m.entities;
  if (markup) message.reply_markup = markup;
  // A message sent into a forum topic is a topic message of that thread, as Telegram answers it.
  if (m.message_thread_id !== undefined && m.message_thread_id !== null) {
    message.message_thread_id = Number(m.message_thread_id);
    message.is_topic_message = true;
  }
  if (stored.editTime) message.edit_date = Math.floor(stored.editTime / 1000);
  return message;
}

// Telegram's HTML mode: only known tags, properly nested, no stray '<'. Returns the plain text.
function htmlToPlain(html) {
  const bad = (why) => new ApiError(400, `Bad Request: can't parse entities: ${why}`);
  const stack = [];
  let plain = '';
  let last = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)?[^<>]*>|</g)) {
    plain += html.slice(last, m.index);
    last = m.index + m[0].length;
    const name = (m[2] || '').toLowerCase();
    if (!HTML_TAGS.has(name)) throw bad(`Unsupported start tag "${name}" at offset ${m.index}`);
    if (!m[1]) stack.push(name);
    else if (stack.pop() !== name) throw bad(`Unexpected end tag at offset ${m.index}`);
  }
  if (stack.length) throw bad(`Can't find end tag corresponding to start tag "${stack.pop()}"`);
  return (plain + html.slice(last)).replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, '_');
}

function checkText(params) {
  const { text } = params;
  if (typeof text !== 'string' || text.trim() === '') {
    throw new ApiError(400, 'Bad Request: message text is empty');
  }
  const html = String(params.parse_mode || '').toUpperCase() === 'HTML';
  // Telegram's limit is 4096 characters after entity parsing (UTF-16 units, like JS length).
  if ((html ? htmlToPlain(text) : text).length > 4096) {
    throw new ApiError(400, 'Bad Request: message is too long');
  }
}

function takeFailure(method, params) {
  const i = failures.findIndex((f) => f.method === method
    && (f.chat_id === undefined || String(f.chat_id) === String(params.chat_id)));
  if (i < 0) return null;
  const f = failures[i];
  if (--f.remaining <= 0) failures.splice(i, 1);
  return f;
}

function wakeWaiters() {
  for (const wake of [...waiters]) wake();
}

function updateType(update) {
  return Object.keys(update).find((k) => k !== 'update_id');
}

// --- patches to the library ------------------------------------------------------------------

// Complete updates on their way out: inline queries (unknown to the library), chat_instance
// for callback queries, the clicked message as currently stored, no internal botToken field.
const formatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = (update) => {
  if ('inlineQuery' in update) {
    const { botToken, ...inlineQuery } = update.inlineQuery;
    return { update_id: update.updateId, inline_query: inlineQuery };
  }
  const out = formatUpdate(update);
  if (out.callback_query) {
    const cq = out.callback_query;
    const chatId = cq.message && cq.message.chat ? cq.message.chat.id : cq.from.id;
    const stored = cq.message && findBotMessage(chatId, cq.message.message_id);
    if (stored) cq.message = toMessage(stored);
    cq.chat_instance = `ci${chatId}`;
  }
  if (out.message) delete out.message.botToken;
  return out;
};

// Every injected update passes here: learn its chat, wake long polls, deliver to a webhook.
const addUserUpdate = server.addUserUpdate.bind(server);
server.addUserUpdate = async (update) => {
  const msg = update.message || (update.callbackQuery && update.callbackQuery.message);
  if (msg && msg.chat && msg.chat.id !== undefined && !chats.has(Number(msg.chat.id))) {
    chats.set(Number(msg.chat.id), msg.chat);
  }
  await addUserUpdate(update); // stored in the queue: we never register webhooks in the library
  wakeWaiters();
  // Deliver in the background: the injecting client may share an event loop with the bot.
  const hook = webhooks.get(update.botToken);
  if (hook) deliverToWebhook(hook, update);
};

async function deliverToWebhook(hook, update) {
  update.isRead = true;
  const headers = { 'content-type': 'application/json' };
  if (hook.secret_token) headers['x-telegram-bot-api-secret-token'] = hook.secret_token;
  try {
    const res = await fetch(hook.url, {
      method: 'POST', headers, body: JSON.stringify(TelegramServer.formatUpdate(update)),
    });
    if (!res.ok) console.error(`fake-bot-api: webhook answered HTTP ${res.status}`);
  } catch (err) {
    console.error(`fake-bot-api: webhook delivery failed: ${err.message}`);
  }
}

// --- Bot API methods we answer ourselves ------------------------------------------------------

async function getUpdates(params, token, res) {
  if (webhooks.has(token)) {
    throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
      + 'use deleteWebhook to delete the webhook first');
  }
  // Honour `offset`: everything below it is confirmed and never sent again.
  const offset = Number(params.offset || 0);
  if (offset > 0) confirmed.set(token, Math.max(confirmed.get(token) || 0, offset));
  const limit = Math.min(Math.max(Number(params.limit || 100), 1), 100);
  const allowed = Array.isArray(params.allowed_updates) && params.allowed_updates.length
    ? new Set(params.allowed_updates) : null;
  const pending = () => server.storage.userMessages
    .filter((u) => u.botToken === token && u.updateId >= (confirmed.get(token) || 0))
    .map((u) => [u, TelegramServer.formatUpdate(u)])
    .filter(([, f]) => !allowed || allowed.has(updateType(f)))
    .slice(0, limit);
  let found = pending();
  // Honour `timeout`: long-poll until an update arrives, the time is up or the client leaves.
  const timeout = Number(params.timeout || 0);
  if (!found.length && timeout > 0) {
    await new Promise((resolve) => {
      const done = () => { clearTimeout(timer); waiters.delete(done); resolve(); };
      const timer = setTimeout(done, timeout * 1000);
      waiters.add(done);
      res.on('close', done);
    });
    found = pending();
  }
  return found.map(([u, f]) => { u.isRead = true; return f; });
}

function sendMessage(params, token) {
  checkText(params);
  server.addBotMessage({ ...params, chat_id: String(params.chat_id) }, token);
  return toMessage(server.storage.botMessages.at(-1));
}

// A ChatMember as Telegram sends it: owners and administrators carry their required flags.
function chatMember(params) {
  const userId = Number(params.user_id);
  const user = { id: userId, is_bot: userId === BOT.id, first_name: userId === BOT.id ? BOT.first_name : '读者' };
  const status = members.get(`${Number(params.chat_id)}:${userId}`) || 'member';
  if (status === 'creator') return { status, user, is_anonymous: false };
  if (status === 'kicked') return { status, user, until_date: 0 };
  if (status !== 'administrator') return { status, user }; // member, left
  const flags = ['can_be_edited', 'is_anonymous', 'can_manage_chat', 'can_delete_messages',
    'can_manage_video_chats', 'can_restrict_members', 'can_promote_members', 'can_change_info',
    'can_invite_users', 'can_post_stories', 'can_edit_stories', 'can_delete_stories'];
  return { status, user, ...Object.fromEntries(flags.map((f) => [f, f === 'can_manage_chat'])) };
}

// Command lists are kept per scope and language, as Telegram does.
function commandsKey(params) {
  return JSON.stringify([params.scope || null, params.language_code || '']);
}

function editMessage(params, textToo) {
  if (params.inline_message_id) return true; // inline messages are not stored by the fake
  const stored = findBotMessage(params.chat_id, params.message_id);
  if (!stored) throw new ApiError(400, 'Bad Request: message to edit not found');
  if (textToo) checkText(params);
  // Like Telegram, an edit without reply_markup removes the inline keyboard.
  const markup = params.reply_markup && params.reply_markup.inline_keyboard
    ? params.reply_markup : undefined;
  const old = stored.message;
  const text = textToo ? params.text : old.text;
  if (text === old.text && JSON.stringify(markup) === JSON.stringify(old.reply_markup)) {
    throw new ApiError(400, 'Bad Request: message is not modified: specified new message'
      + ' content and reply markup are exactly the same as a current content and reply markup'
      + ' of the message');
  }
  if (textToo) server.editMessageText(params); // library merges the new text into its storage
  stored.message = { ...stored.message, reply_markup: markup,
    entities: textToo ? params.entities : old.entities };
  stored.editTime = Date.now();
  return toMessage(stored);
}

const METHODS = {
  getme: () => BOT,
  getupdates: getUpdates,
  sendmessage: sendMessage,
  editmessagetext: (p) => editMessage(p, true),
  editmessagereplymarkup: (p) => editMessage(p, false),
  deletemessage: (p) => {
    if (server.deleteMessage(Number(p.chat_id), Number(p.message_id))) return true;
    throw new ApiError(400, 'Bad Request: message to delete not found');
  },
  setwebhook: (p, token) => {
    if (!p.url) throw new ApiError(400, 'Bad Request: bad webhook: URL must be provided');
    webhooks.set(token, { url: p.url, secret_token: p.secret_token });
    return true;
  },
  deletewebhook: (p, token) => {
    webhooks.delete(token);
    if (p.drop_pending_updates) confirmed.set(token, server.updateId);
    return true;
  },
  getwebhookinfo: (p, token) => ({
    url: (webhooks.get(token) || {}).url || '',
    has_custom_certificate: false,
    pending_update_count: server.storage.userMessages.filter((u) => u.botToken === token
      && u.updateId >= (confirmed.get(token) || 0) && !u.isRead).length,
  }),
  setmycommands: (p) => { commands.set(commandsKey(p), p.commands || []); return true; },
  getmycommands: (p) => commands.get(commandsKey(p)) || [],
  deletemycommands: (p) => { commands.delete(commandsKey(p)); return true; },
  getfile: () => { throw new ApiError(400, 'Bad Request: invalid file_id'); },
  getchatmember: chatMember,
};

// --- HTTP ----------------------------------------------------------------------------------

const app = express();
app.use(express.json());
app.use(express.urlencoded({ extended: false }));

// Answer with the Bot API envelope whatever `produce` returns or throws.
function answer(res, produce) {
  Promise.resolve().then(produce).then(
    (result) => res.json({ ok: true, result }),
    (err) => {
      if (!(err instanceof ApiError)) console.error(err);
      const code = err instanceof ApiError ? err.code : 500;
      const body = { ok: false, error_code: code, description: err.message };
      if (err.parameters) body.parameters = err.parameters;
      res.status(code).json(body);
    },
  );
}

app.all('/bot:token/:method', (req, res) => {
  const { token } = req.params;
  const method = req.params.method.toLowerCase(); // Telegram ignores the case of method names
  const params = decodeParams({ ...req.query, ...req.body });
  const call = { method: req.params.method, params, status: null, time: Date.now() / 1000 };
  calls.push(call);
  res.on('finish', () => { call.status = res.statusCode; });
  const failure = takeFailure(method, params);
  if (failure) {
    const parameters = failure.retry_after === undefined ? undefined
      : { retry_after: failure.retry_after };
    answer(res, () => { throw new ApiError(failure.error_code, failure.description, parameters); });
  } else if (METHODS[method]) {
    answer(res, () => METHODS[method](params, token, res));
  } else if (TRUE_METHODS.test(method)) {
    answer(res, () => true);
  } else {
    answer(res, () => {
      throw new ApiError(404, `Not Found: method ${req.params.method} is not in the fake`);
    });
  }
});

// PTB builds file URLs from base_file_url; the fake stores no files.
app.all('/file/bot:token/*', (req, res) => {
  res.status(404).json({ ok: false, error_code: 404, description: 'Not Found: file not found' });
});

// The library's client routes answer null; these call the same library methods but answer
// with the update as the bot will receive it, so a test knows the ids it injected. The update
// is stored synchronously, inside the library's async method, so at(-1) is the one just added.
function inject(res, add) {
  const added = add();
  const update = server.storage.userMessages.at(-1);
  answer(res, () => added.then(() => TelegramServer.formatUpdate(update)));
}
app.post('/sendMessage', (req, res) => inject(res, () => server.addUserMessage(req.body)));
app.post('/sendCommand', (req, res) => inject(res, () => server.addUserCommand(req.body)));
app.post('/sendCallback', (req, res) => inject(res, () => server.addUserCallback(req.body)));
// Client API addition: an inline query, in the library's injection style ({botToken, from, ...}).
app.post('/sendInlineQuery', (req, res) => {
  const { botToken, ...rest } = req.body;
  const inlineQuery = { id: String(inlineQueryId++), offset: '', ...rest };
  inject(res, () => server.addUserUpdate({ ...server.getCommonFields(botToken), inlineQuery }));
});

app.get('/_fake/calls', (req, res) => res.json({ ok: true, result: calls }));
app.delete('/_fake/calls', (req, res) => {
  calls.length = 0;
  res.json({ ok: true, result: true });
});

// Force the next `count` calls of `method` (optionally to one chat) to fail.
app.post('/_fake/fail', (req, res) => {
  const { method, count = 1, error_code: code = 429, chat_id: chatId } = req.body;
  const description = req.body.description || (code === 429
    ? `Too Many Requests: retry after ${req.body.retry_after ?? 1}`
    : code === 403 ? 'Forbidden: bot was blocked by the user' : 'Bad Request');
  const retryAfter = code === 429 ? (req.body.retry_after ?? 1) : undefined;
  failures.push({ method: String(method).toLowerCase(), remaining: count, error_code: code,
    description, retry_after: retryAfter, chat_id: chatId });
  res.json({ ok: true, result: true });
});

// Set a user's status in a chat for getChatMember: creator, administrator, member, left or kicked.
app.post('/_fake/chat_member', (req, res) => {
  members.set(`${Number(req.body.chat_id)}:${Number(req.body.user_id)}`, String(req.body.status));
  res.json({ ok: true, result: true });
});

// Forget everything, so one server can serve many tests (ids keep counting up).
app.post('/_fake/reset', (req, res) => {
  server.storage.userMessages = [];
  server.storage.botMessages = [];
  for (const state of [chats, confirmed, webhooks, commands, members]) state.clear();
  calls.length = 0;
  failures.length = 0;
  wakeWaiters(); // a long poll left over from the previous test answers now
  res.json({ ok: true, result: true });
});

// What the bot sent to one chat, edits applied, plus the request's parse_mode and disable_notification.
app.get('/_fake/messages', (req, res) => {
  const result = server.storage.botMessages
    .filter((u) => String(u.message.chat_id) === String(req.query.chat_id))
    .map((u) => ({ ...toMessage(u), parse_mode: u.message.parse_mode,
      disable_notification: Boolean(u.message.disable_notification) }));
  res.json({ ok: true, result });
});

app.use(server.webServer); // the library: client API, then its own 404

// --- start-up and shut-down ------------------------------------------------------------------

const arg = process.argv[2] ?? '0';
const port = Number(arg);
if (!/^\d+$/.test(arg) || port > 65535) {
  console.error('usage: launcher.mjs [PORT]   (0 or absent: pick a free port)');
  process.exit(2);
}

// A rejected promise somewhere in the library must not kill the server.
process.on('unhandledRejection', (err) => console.error('fake-bot-api:', err));

const httpServer = http.createServer(app);
httpServer.on('error', (err) => {
  console.error(`fake-bot-api: ${err.message}`);
  process.exit(1);
});
// Bind the IPv4 loopback explicitly: 'localhost' may resolve to ::1.
httpServer.listen(port, '127.0.0.1', () => {
  const actual = httpServer.address().port;
  server.config.port = actual;
  server.config.apiURL = `http://127.0.0.1:${actual}`;
  const ready = { port: actual, bot: { id: BOT.id, username: BOT.username } };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  wakeWaiters();
  httpServer.close(() => process.exit(0));
  httpServer.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
