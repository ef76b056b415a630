'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { parseCommand, HELP } = require('../lib/command');
const { formatEvent } = require('../lib/format');

test('stdin lines become the requests of chat_command.cpp', () => {
  const cases = [
    ['hello there', { kind: 'send', request: { say: { text: 'hello there' } } }],
    ['  spaced  ', { kind: 'send', request: { say: { text: '  spaced  ' } } }],
    ['//slash', { kind: 'send', request: { say: { text: '/slash' } } }],
    ['/join dev', { kind: 'send', request: { join: { room: 'dev' } } }],
    ['/join  dev \t', { kind: 'send', request: { join: { room: 'dev' } } }],
    ['/leave', { kind: 'send', request: { leave: {} } }],
    ['/nick bob', { kind: 'send', request: { setNick: { nick: 'bob' } } }],
    ['/msg bob hi  there', { kind: 'send', request: { privateMessage: { to: 'bob', text: 'hi  there' } } }],
    ['/rooms', { kind: 'send', request: { listRooms: {} } }],
    ['/who', { kind: 'send', request: { listUsers: { room: '' } } }],
    ['/who lobby', { kind: 'send', request: { listUsers: { room: 'lobby' } } }],
    ['/quit', { kind: 'quit' }],
    ['/help', { kind: 'help' }],
    ['', { kind: 'nothing' }],
    [' \t ', { kind: 'nothing' }],
  ];
  for (const [line, expected] of cases) assert.deepEqual(parseCommand(line), expected, line);
});

test('bad commands get the C++ client\'s usage messages', () => {
  const cases = [
    ['/join', 'usage: /join ROOM'],
    ['/join a b', 'usage: /join ROOM'],
    ['/nick', 'usage: /nick NAME'],
    ['/msg bob', 'usage: /msg NICK TEXT'],
    ['/who a b', 'usage: /who [ROOM]'],
    ['/leave now', 'usage: /leave (takes no argument)'],
    ['/quit x', 'usage: /quit (takes no argument)'],
    ['/dance', 'unknown command /dance (try /help)'],
  ];
  for (const [line, error] of cases) assert.deepEqual(parseCommand(line), { kind: 'invalid', error }, line);
  assert.match(HELP, /^commands: TEXT says it to the room, \/join ROOM/);
});

test('each event prints as chat_format.cpp prints it', () => {
  const line = (body, fields, me = 'alice') => formatEvent({ body, [body]: fields }, me);
  assert.equal(line('welcome', { version: 1, text: 'Welcome!' }), '* Welcome!');
  assert.equal(line('nickChanged', { oldNick: '', newNick: 'alice' }), '* you are now known as alice');
  assert.equal(line('nickChanged', { oldNick: 'bob', newNick: 'rob' }), '* bob is now known as rob');
  assert.equal(line('joined', { room: 'lobby', nick: 'bob' }), '* bob joined lobby');
  assert.equal(line('left', { room: 'lobby', nick: 'bob' }), '* bob left lobby');
  assert.equal(line('message', { room: 'lobby', nick: 'bob', text: 'hi' }), '[lobby] bob: hi');
  assert.equal(line('privateDelivered', { from: 'bob', to: 'alice', text: 'psst' }), '[pm from bob] psst');
  assert.equal(line('privateDelivered', { from: 'alice', to: 'bob', text: 'psst' }), '[pm to bob] psst');
  assert.equal(line('privateDelivered', { from: 'alice', to: 'alice', text: 'me' }), '[pm from alice] me');
  assert.equal(line('roomList', { rooms: [] }), 'rooms: none');
  assert.equal(
    line('roomList', { rooms: [{ name: 'dev', members: 1 }, { name: 'lobby', members: 2 }] }),
    'rooms: dev (1), lobby (2)',
  );
  assert.equal(line('userList', { room: 'lobby', nicks: ['alice', 'bob'] }), 'users in lobby: alice, bob');
  assert.equal(line('userList', { room: 'lobby', nicks: [] }), 'users in lobby:');
  assert.equal(line('pong', { token: 1 }), null);
  assert.equal(line('error', { code: 6, request: 2, text: "that nickname is taken: 'bob'" }), "! error: that nickname is taken: 'bob'");
});

test('control characters print as ?', () => {
  const line = formatEvent({ body: 'message', message: { room: 'r', nick: 'n', text: 'a\x1b[2Jb\x7fc\nd é' } }, 'me');
  assert.equal(line, '[r] n: a?[2Jb?c?d é');
});
