'use strict';
// One line per event, word for word as proactor-chat-client prints it
// (apps/chat/chat_format.cpp), so that scripts can read either client the same way.

const LINES = {
  welcome: (e) => `* ${e.text}`,
  nickChanged: (e) =>
    e.oldNick === '' ? `* you are now known as ${e.newNick}` : `* ${e.oldNick} is now known as ${e.newNick}`,
  joined: (e) => `* ${e.nick} joined ${e.room}`,
  left: (e) => `* ${e.nick} left ${e.room}`,
  message: (e) => `[${e.room}] ${e.nick}: ${e.text}`,
  privateDelivered: (e, me) =>
    e.from === me && e.to !== me ? `[pm to ${e.to}] ${e.text}` : `[pm from ${e.from}] ${e.text}`,
  roomList: (e) =>
    e.rooms.length === 0
      ? 'rooms: none'
      : `rooms: ${e.rooms.map((r) => `${r.name} (${r.members})`).join(', ')}`,
  userList: (e) => `users in ${e.room}:${e.nicks.map((n, i) => (i > 0 ? ', ' : ' ') + n).join('')}`,
  pong: () => null,
  error: (e) => `! error: ${e.text}`,
};

/**
 * The line for a decoded ServerMessage, or null for one that prints nothing (pong). `me` is
 * our nickname, which tells a private message we sent from one we received.
 */
function formatEvent(message, me) {
  const line = LINES[message.body];
  if (!line) return null;
  const text = line(message[message.body], me);
  // A well-behaved server sends no control characters; a terminal must obey none.
  return text === null ? null : text.replace(/[\x00-\x1f\x7f]/g, '?');
}

module.exports = { formatEvent };
