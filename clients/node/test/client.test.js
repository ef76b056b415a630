'use strict';
// ChatClient and the CLI against the fake server in Node (test_support/fake_server.js); the
// same against the C++ server is cross_language.test.js.
const { test, describe, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const path = require('node:path');
const { ChatClient, connect } = require('../lib/chat_client');
const { encodeFrame } = require('../lib/framing');
const { createCodec } = require('../lib/codec');
const { startFakeServer } = require('../test_support/fake_server');
const { killAll, spawnLines } = require('../test_support/processes');

const CLI = path.resolve(__dirname, '../bin/proactor-chat-node.js');

for (const codec of ['protobuf', 'protobuf,snappy']) {
  describe(`ChatClient against the fake server (${codec})`, () => {
    let server;
    const clients = [];
    before(async () => {
      server = await startFakeServer({ codec });
    });
    after(async () => {
      for (const c of clients) c.destroy();
      await server.close();
    });

    const join = async (nick) => {
      const client = await connect('127.0.0.1', server.port, { codec, timeout: 5000 });
      clients.push(client);
      const joined = client.waitFor((m) => m.body === 'joined' && m.joined.nick === nick);
      client.hello();
      client.setNick(nick);
      client.join('lobby');
      await joined;
      return client;
    };

    test('greets, chats, and tracks its nick and room', async () => {
      const alice = await join('alice');
      assert.equal(alice.nick, 'alice');
      assert.equal(alice.room, 'lobby');
      const bob = await join('bob');

      const heard = bob.waitFor((m) => m.body === 'message');
      alice.say('hi bob');
      assert.deepEqual((await heard).message, { room: 'lobby', nick: 'alice', text: 'hi bob' });

      const big = 'long text '.repeat(150);
      const bigHeard = bob.waitFor((m) => m.body === 'message');
      alice.say(big);
      assert.equal((await bigHeard).message.text, big);

      const pm = alice.waitFor((m) => m.body === 'privateDelivered');
      bob.privateMessage('alice', 'psst');
      assert.deepEqual((await pm).privateDelivered, { from: 'bob', to: 'alice', text: 'psst' });

      const users = alice.waitFor((m) => m.body === 'userList');
      alice.listUsers();
      assert.deepEqual((await users).userList, { room: 'lobby', nicks: ['alice', 'bob'] });

      const rooms = alice.waitFor((m) => m.body === 'roomList');
      alice.listRooms();
      assert.deepEqual((await rooms).roomList.rooms, [{ name: 'lobby', members: 2 }]);

      const left = alice.waitFor((m) => m.body === 'left');
      bob.leave();
      assert.deepEqual((await left).left, { room: 'lobby', nick: 'bob' });
      await bob.ping();
      assert.equal(bob.room, '');
    });

    test('ping is a barrier: its pong comes after the answers before it', async () => {
      const carol = await join('carol');
      const seen = [];
      carol.on('event', (m) => seen.push(m.body));
      carol.listRooms();
      carol.listUsers();
      const token = await carol.ping();
      assert.ok(token > 0, 'a barrier token is never the keepalive token 0');
      assert.deepEqual(seen, ['roomList', 'userList', 'pong']);
    });

    test('waitFor and ping reject after their deadline', async () => {
      const dave = await join('dave');
      await assert.rejects(dave.waitFor(() => false, { timeout: 50 }), /timed out after 50 ms/);
    });

    test("a server error event is just an event, not an EventEmitter 'error'", async () => {
      const erin = await join('erin');
      const events = [];
      erin.on('event', (m) => events.push(m.body));
      erin.privateMessage('nobody', 'hello?');
      await erin.ping();
      assert.deepEqual(events, ['error', 'pong']);
    });
  });
}

describe('ChatClient against a misbehaving server', () => {
  let server;
  let behaviour;
  before(async () => {
    server = net.createServer((socket) => behaviour(socket));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  test('a malformed event is reported and the connection goes on', async () => {
    const codec = createCodec('protobuf,snappy');
    behaviour = (socket) => {
      socket.write(encodeFrame(Buffer.from([7, 1, 2])));
      socket.write(encodeFrame(codec.encodeServer({ pong: { token: 5 } })));
    };
    const client = new ChatClient({ codec: 'protobuf,snappy' });
    const malformed = new Promise((resolve) => client.once('malformed', resolve));
    const pong = new Promise((resolve) => client.once('event', resolve));
    await client.connect('127.0.0.1', server.address().port);
    assert.match((await malformed).message, /malformed frame: unknown snappy flag 7/);
    assert.deepEqual(await pong, { body: 'pong', pong: { token: 5 } });
    client.destroy();
  });

  test('an oversized frame length ends the connection with an error', async () => {
    behaviour = (socket) => {
      socket.on('error', () => {});
      socket.write(Buffer.from([0x00, 0x01, 0x00, 0x01]));
    };
    const client = new ChatClient({ codec: 'protobuf' });
    const closed = new Promise((resolve) => client.once('close', resolve));
    await client.connect('127.0.0.1', server.address().port);
    const err = await closed;
    assert.match(err.message, /closed: frame length 65537 exceeds limit 65536/);
    await assert.rejects(client.ping(), /not connected/);
  });

  test('a server that closes fails the pending waits', async () => {
    behaviour = (socket) => setTimeout(() => socket.end(), 20);
    const client = new ChatClient({ codec: 'protobuf' });
    await client.connect('127.0.0.1', server.address().port);
    await assert.rejects(client.waitFor(() => false), /closed by the server/);
  });
});

test('connect fails with the address when nobody listens', async () => {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  await assert.rejects(connect('127.0.0.1', port, { timeout: 2000 }), new RegExp(`cannot connect to 127.0.0.1:${port}`));
});

describe('the CLI against the fake server', () => {
  let server;
  before(async () => {
    server = await startFakeServer({ codec: 'protobuf,snappy' });
  });
  after(async () => {
    await killAll();
    await server.close();
  });

  test('prints events as the C++ client does and drains at stdin end', async () => {
    const cli = spawnLines(process.execPath, [CLI, '--port', String(server.port), '--nick', 'zed', '--room', 'lobby', '--codec', 'protobuf,snappy']);
    await cli.waitForLine(/^\* zed joined lobby$/);
    cli.send('hello world');
    cli.send('/who');
    cli.send('/msg zed note to self');
    cli.send('/bogus');
    cli.send('/help');
    cli.endInput();
    assert.deepEqual(await cli.waitForExit(), { code: 0, signal: null });
    // Lines the CLI makes itself race with the server's events; each kind keeps its order.
    const local = (line) => line.startsWith('! unknown') || line.startsWith('commands: ');
    assert.deepEqual(cli.stdout.filter((line) => !local(line)), [
      '* Welcome to the fake server.',
      '* you are now known as zed',
      '* zed joined lobby',
      '[lobby] zed: hello world',
      'users in lobby: zed',
      '[pm from zed] note to self',
      '* zed left lobby',
    ]);
    const own = cli.stdout.filter(local);
    assert.equal(own.length, 2);
    assert.equal(own[0], '! unknown command /bogus (try /help)');
    assert.match(own[1], /^commands: TEXT says it to the room/);
    assert.deepEqual(cli.stderr, []);
    // The drain: ping, leave (we were in a room), ping.
    const tail = server.requests.slice(-3).map((r) => r.body);
    assert.deepEqual(tail, ['ping', 'leave', 'ping']);
  });

  test('exit code 1 with one stderr line when the server goes away', async () => {
    const vanishing = net.createServer((socket) => setTimeout(() => socket.destroy(), 100));
    await new Promise((resolve) => vanishing.listen(0, '127.0.0.1', resolve));
    const { port } = vanishing.address();
    try {
      const cli = spawnLines(process.execPath, [CLI, '--port', String(port), '--nick', 'x']);
      // stdin stays open: the loss must be noticed without a line typed.
      assert.equal((await cli.waitForExit()).code, 1);
      assert.equal(cli.stderr.length, 1);
      assert.match(cli.stderr[0], new RegExp(`^proactor-chat-node: connection to 127\\.0\\.0\\.1:${port} closed`));
    } finally {
      await new Promise((resolve) => vanishing.close(resolve));
    }
  });

  test('exit codes: 0 for --help and --version, 2 on a bad flag, 1 when the server cannot be reached', async () => {
    const help = spawnLines(process.execPath, [CLI, '--help']);
    assert.equal((await help.waitForExit()).code, 0);
    assert.match(help.stdout[0], /^usage: proactor-chat-node \[flags\]$/);
    const version = spawnLines(process.execPath, [CLI, '--version']);
    assert.equal((await version.waitForExit()).code, 0);
    assert.match(version.stdout.join('\n'), /^proactor-chat-node \d+\.\d+\.\d+ \(node v\d+/);

    for (const args of [['--nick', 'x'], ['--port', '1'], ['--port', '0', '--nick', 'x'], ['--port', '1', '--nick', 'bad name'], ['--port', '1', '--nick', 'x', '--timeout', '0'], ['--port', '1', '--nick', 'x', 'extra'], ['--port']]) {
      const run = spawnLines(process.execPath, [CLI, ...args]);
      assert.equal((await run.waitForExit()).code, 2, args.join(' '));
      assert.equal(run.stderr.length, 1, args.join(' '));
      assert.match(run.stderr[0], /^proactor-chat-node: .* \(try --help\)$/);
    }
    const bad = spawnLines(process.execPath, [CLI, '--port', '1', '--nick', 'x', '--codec', 'zstd']);
    assert.equal((await bad.waitForExit()).code, 2);
    assert.equal(bad.stderr.length, 1);
    assert.match(bad.stderr[0], /^proactor-chat-node: codec 'zstd' is unknown/);

    const probe = net.createServer();
    await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address();
    await new Promise((resolve) => probe.close(resolve));
    const lost = spawnLines(process.execPath, [CLI, '--port', String(port), '--nick', 'x']);
    assert.equal((await lost.waitForExit()).code, 1);
    assert.match(lost.stderr.join('\n'), /cannot connect to 127\.0\.0\.1:\d+/);
  });
});
