'use strict';
// The Node client and the C++ programs in one conversation: a C++ proactor-chat-server, a C++
// proactor-chat-client (bob) and Node clients in one room, for each protobuf codec. Needs the
// built programs: PROACTOR_BIN_DIR names their folder (ctest sets it; by hand, build/bin).
const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { connect } = require('../lib/chat_client');
const { FLAG_SNAPPY } = require('../lib/snappy_layer');
const { killAll, spawnLines, DEADLINE_MS } = require('../test_support/processes');

const BIN_DIR = process.env.PROACTOR_BIN_DIR;
const SKIP = BIN_DIR
  ? false
  : 'PROACTOR_BIN_DIR is unset: point it at the folder of proactor-chat-server and ' +
    'proactor-chat-client (e.g. PROACTOR_BIN_DIR=build/bin) to run the cross-language tests';
const CLI = path.resolve(__dirname, '../bin/proactor-chat-node.js');
const MAX_MESSAGE = 1024; // the server's default --max-message

// Fails (never skips) when PROACTOR_BIN_DIR is set but cannot run the test: a set variable
// means the caller expects these tests to run.
function program(name) {
  const file = path.resolve(BIN_DIR, name);
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist: build the chat apps first`);
  const help = execFileSync(file, ['--help'], { encoding: 'utf8', timeout: DEADLINE_MS });
  if (!help.includes('--codec') || !help.includes('protobuf')) {
    throw new Error(`${file} has no --codec protobuf: it was built without protobuf support`);
  }
  return file;
}

// Compressible (so that snappy's flag 1 path runs) and exactly `length` bytes long.
const longText = (seed, length) => `${seed} `.repeat(length).slice(0, length);

// One skipped test, rather than skipped suites, so that the runner's summary counts it.
if (SKIP) test('Node and C++ chat in one room', { skip: SKIP }, () => {});

for (const codec of SKIP ? [] : ['protobuf,snappy', 'protobuf']) {
  describe(`Node and C++ chat in one room (--codec ${codec})`, { timeout: 120_000 }, () => {
    let server;
    let port;
    let bob; // the C++ client
    let alice; // the Node client
    const flags = []; // the snappy flag of every payload alice receives
    const closeClients = [];

    before(async () => {
      const serverBin = program('proactor-chat-server');
      const clientBin = program('proactor-chat-client');
      server = spawnLines(serverBin, ['--host', '127.0.0.1', '--port', '0', '--codec', codec]);
      const { line } = await server.waitForLine(/^listening on /);
      port = Number(/^listening on 127\.0\.0\.1:(\d+)$/.exec(line)?.[1]);
      assert.ok(port > 0, `the server said: ${line}`);

      bob = spawnLines(clientBin, ['--host', '127.0.0.1', '--port', String(port), '--nick', 'bob', '--room', 'lobby', '--codec', codec]);
      await bob.waitForLine('* bob joined lobby');

      alice = await connect('127.0.0.1', port, { codec, timeout: DEADLINE_MS });
      closeClients.push(alice);
      const decode = alice.codec.decodeServer;
      alice.codec.decodeServer = (payload) => {
        flags.push(payload[0]);
        return decode(payload);
      };
      const welcome = alice.waitFor((m) => m.body === 'welcome');
      const joined = alice.waitFor((m) => m.body === 'joined' && m.joined.nick === 'alice');
      alice.hello();
      alice.setNick('alice');
      alice.join('lobby');
      assert.equal((await welcome).welcome.version, 1);
      assert.deepEqual((await joined).joined, { room: 'lobby', nick: 'alice' });
      assert.equal(alice.nick, 'alice');
      await bob.waitForLine('* alice joined lobby');
    });

    after(async () => {
      for (const client of closeClients) client.destroy();
      await killAll();
    });

    test('Node says, the C++ client prints it', async () => {
      const own = alice.waitFor((m) => m.body === 'message');
      alice.say('hello from node, déjà vu');
      await bob.waitForLine('[lobby] alice: hello from node, déjà vu');
      assert.deepEqual((await own).message, { room: 'lobby', nick: 'alice', text: 'hello from node, déjà vu' });
    });

    test('the C++ client says, Node receives a RoomMessage', async () => {
      const heard = alice.waitFor((m) => m.body === 'message' && m.message.nick === 'bob');
      bob.send('hello from c++');
      assert.deepEqual((await heard).message, { room: 'lobby', nick: 'bob', text: 'hello from c++' });
    });

    test('private messages both ways', async () => {
      const sent = alice.waitFor((m) => m.body === 'privateDelivered');
      alice.privateMessage('bob', 'psst bob');
      await bob.waitForLine('[pm from alice] psst bob');
      assert.deepEqual((await sent).privateDelivered, { from: 'alice', to: 'bob', text: 'psst bob' });

      const received = alice.waitFor((m) => m.body === 'privateDelivered' && m.privateDelivered.from === 'bob');
      bob.send('/msg alice psst alice');
      assert.deepEqual((await received).privateDelivered, { from: 'bob', to: 'alice', text: 'psst alice' });
      await bob.waitForLine('[pm to alice] psst alice');
    });

    test('/who and list_users list both, /rooms counts them', async () => {
      const from = bob.stdout.length;
      bob.send('/who');
      await bob.waitForLine('users in lobby: alice, bob', { from });
      bob.send('/rooms');
      await bob.waitForLine('rooms: lobby (2)', { from });

      const users = alice.waitFor((m) => m.body === 'userList');
      alice.listUsers();
      assert.deepEqual((await users).userList, { room: 'lobby', nicks: ['alice', 'bob'] });
      const rooms = alice.waitFor((m) => m.body === 'roomList');
      alice.listRooms();
      assert.deepEqual((await rooms).roomList, { rooms: [{ name: 'lobby', members: 2 }] });
    });

    test('a 1 KiB message arrives intact both ways', async () => {
      const fromNode = longText('node', MAX_MESSAGE);
      const before = flags.length;
      const own = alice.waitFor((m) => m.body === 'message' && m.message.nick === 'alice');
      alice.say(fromNode);
      await bob.waitForLine(`[lobby] alice: ${fromNode}`);
      assert.equal((await own).message.text, fromNode);

      const fromCpp = longText('c++', MAX_MESSAGE);
      const heard = alice.waitFor((m) => m.body === 'message' && m.message.nick === 'bob');
      bob.send(fromCpp);
      assert.equal((await heard).message.text, fromCpp);
      if (codec.endsWith(',snappy')) {
        assert.ok(flags.slice(before).includes(FLAG_SNAPPY), 'the server compressed the long events');
      }
    });

    test('the server refuses a text over --max-message', async () => {
      const error = alice.waitFor((m) => m.body === 'error');
      alice.say(longText('x', MAX_MESSAGE + 1));
      const { code, request } = (await error).error;
      assert.deepEqual({ code, request }, { code: 13, request: 5 }); // message_too_long, say
      await alice.ping();
    });

    test('the server answers bytes that do not parse with malformed and goes on', async () => {
      const garbage = codec.endsWith(',snappy')
        ? [
            Buffer.from([2, 0x2a, 0x00]), // unknown flag
            // Flag 1, a block announcing 1 GiB: refused before decompressing (the zip bomb).
            Buffer.from([1, 0x80, 0x80, 0x80, 0x80, 0x04, 0x00, 0x41, 0xfe, 0x01, 0x00]),
            Buffer.from([1, 0x10, 0x1c, 0x2a]), // a block cut short
          ]
        : [Buffer.from([0x2a, 0x05, 0x0a])]; // say announcing 5 bytes, 1 present
      for (const payload of garbage) {
        const error = alice.waitFor((m) => m.body === 'error');
        alice.sendPayload(payload);
        assert.equal((await error).error.code, 1, `malformed: ${payload.toString('hex')}`);
      }
      await alice.ping();
      const heard = alice.waitFor((m) => m.body === 'message' && m.message.nick === 'bob');
      bob.send('still here');
      assert.equal((await heard).message.text, 'still here');
    });

    test('the Node CLI chats end to end with both', async () => {
      const cli = spawnLines(process.execPath, [CLI, '--port', String(port), '--nick', 'carol', '--room', 'lobby', '--codec', codec]);
      await cli.waitForLine('* carol joined lobby');
      await bob.waitForLine('* carol joined lobby');

      const heard = alice.waitFor((m) => m.body === 'message' && m.message.nick === 'carol');
      cli.send('hi from the node cli');
      await bob.waitForLine('[lobby] carol: hi from the node cli');
      assert.equal((await heard).message.text, 'hi from the node cli');

      bob.send('hi carol');
      await cli.waitForLine('[lobby] bob: hi carol');
      const big = longText('cli', MAX_MESSAGE);
      bob.send(big);
      await cli.waitForLine(`[lobby] bob: ${big}`);
      cli.send('/msg bob from carol');
      await bob.waitForLine('[pm from carol] from carol');
      await cli.waitForLine('[pm to bob] from carol');
      cli.send('/who');
      await cli.waitForLine('users in lobby: alice, bob, carol');

      cli.endInput();
      assert.deepEqual(await cli.waitForExit(), { code: 0, signal: null });
      assert.deepEqual(cli.stderr, []);
      await bob.waitForLine('* carol left lobby');
      assert.ok(cli.stdout.includes('* carol left lobby'), 'the drain left the room');
    });

    test('the C++ client leaves at stdin end; the server stops cleanly', async () => {
      const left = alice.waitFor((m) => m.body === 'left' && m.left.nick === 'bob');
      bob.endInput();
      assert.deepEqual(await bob.waitForExit(), { code: 0, signal: null });
      assert.deepEqual((await left).left, { room: 'lobby', nick: 'bob' });
      await alice.close();

      server.child.kill('SIGTERM');
      assert.deepEqual(await server.waitForExit(), { code: 0, signal: null });
    });
  });
}
