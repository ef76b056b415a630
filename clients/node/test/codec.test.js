'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const SnappyJS = require('snappyjs');
const codecs = require('../lib/codec');
const { createCodec, messageTypes, bodyNames, MalformedError, UnknownTypeError } = codecs;
const { COMPRESS_THRESHOLD, FLAG_PLAIN, FLAG_SNAPPY, readBlockLength } = require('../lib/snappy_layer');

const long = (seed) => `${seed} `.repeat(200).trim(); // ≥ 128 bytes and compressible

// One example of every request; `big` makes the payload long enough to be compressed.
function clientMessages(big) {
  const text = big ? long('words') : 'hi all';
  return {
    hello: { version: 1 },
    setNick: { nick: big ? 'n'.repeat(32) : 'alice' },
    join: { room: 'lobby' },
    leave: {},
    say: { text },
    privateMessage: { to: 'bob', text },
    listRooms: {},
    listUsers: { room: big ? '' : 'lobby' },
    ping: { token: big ? 0xffffffff : 7 },
  };
}

function serverMessages(big) {
  const text = big ? long('héllo wörld') : 'hi';
  const many = (n, f) => Array.from({ length: n }, (_, i) => f(i));
  return {
    welcome: { version: 1, text: big ? long('Welcome') : 'Welcome' },
    nickChanged: { oldNick: big ? 'old' : '', newNick: 'alice' },
    joined: { room: 'lobby', nick: 'alice' },
    left: { room: 'lobby', nick: 'bob' },
    message: { room: 'lobby', nick: 'alice', text },
    privateDelivered: { from: 'alice', to: 'bob', text },
    roomList: { rooms: big ? many(40, (i) => ({ name: `room${i}`, members: i })) : [{ name: 'lobby', members: 2 }] },
    userList: { room: 'lobby', nicks: big ? many(40, (i) => `user${i}`) : ['alice', 'bob'] },
    pong: { token: 9 },
    error: { code: 6, request: 2, text: big ? long("that nickname is taken: 'bob'") : 'nope' },
  };
}

test('the examples cover every case of both envelopes in chat.proto', () => {
  const { client, server } = messageTypes();
  assert.deepEqual(Object.keys(clientMessages(false)).sort(), bodyNames(client).slice().sort());
  assert.deepEqual(Object.keys(serverMessages(false)).sort(), bodyNames(server).slice().sort());
  assert.equal(client.fields.ping.id, 9);
  assert.equal(server.fields.error.id, 15);
});

test('say "hi" has the bytes of chat.md, plain and behind the snappy flag', () => {
  const say = { say: { text: 'hi' } };
  const bytes = [0x2a, 0x04, 0x0a, 0x02, 0x68, 0x69];
  assert.deepEqual(createCodec('protobuf').encodeClient(say), Buffer.from(bytes));
  assert.deepEqual(createCodec('protobuf,snappy').encodeClient(say), Buffer.from([0, ...bytes]));
});

for (const spec of ['protobuf', 'protobuf,snappy']) {
  for (const big of [false, true]) {
    const label = `${spec}, ${big ? 'long' : 'short'} bodies`;

    test(`every ClientMessage round-trips (${label})`, () => {
      const codec = createCodec(spec);
      for (const [body, fields] of Object.entries(clientMessages(big))) {
        const payload = codec.encodeClient({ [body]: fields });
        assert.deepEqual(codec.decodeClient(payload), { body, [body]: fields }, body);
      }
    });

    test(`every ServerMessage round-trips (${label})`, () => {
      const codec = createCodec(spec);
      for (const [body, fields] of Object.entries(serverMessages(big))) {
        const payload = codec.encodeServer({ [body]: fields });
        assert.deepEqual(codec.decodeServer(payload), { body, [body]: fields }, body);
      }
    });
  }
}

test('snappy compresses long payloads (flag 1) and leaves short ones (flag 0)', () => {
  const codec = createCodec('protobuf,snappy');
  const plain = createCodec('protobuf');
  const flags = new Set();
  for (const big of [false, true]) {
    for (const [body, fields] of Object.entries(serverMessages(big))) {
      const inner = plain.encodeServer({ [body]: fields });
      const payload = codec.encodeServer({ [body]: fields });
      flags.add(payload[0]);
      if (inner.length < COMPRESS_THRESHOLD) {
        assert.deepEqual(payload, Buffer.concat([Buffer.of(FLAG_PLAIN), inner]), body);
      } else {
        assert.equal(payload[0], FLAG_SNAPPY, `${body} is long and compressible`);
        assert.ok(payload.length < inner.length + 1);
        assert.deepEqual(Buffer.from(SnappyJS.uncompress(payload.subarray(1))), inner, body);
      }
    }
  }
  assert.deepEqual([...flags].sort(), [FLAG_PLAIN, FLAG_SNAPPY]);
});

test('a long payload that does not compress goes as is', () => {
  const codec = createCodec('protobuf,snappy');
  // Pseudo-random text (printable, from a fixed LCG) leaves Snappy nothing to gain.
  let x = 12345;
  const text = Array.from({ length: 600 }, () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return String.fromCharCode(0x21 + (x % 94));
  }).join('');
  const payload = codec.encodeClient({ say: { text } });
  assert.equal(payload[0], FLAG_PLAIN);
  assert.equal(codec.decodeClient(payload).say.text, text);
});

test('a raw block made by hand, not by snappyjs, is read', () => {
  // say "abcdabcdabcd" is 2a 0e 0a 0c + the text: 16 bytes. The block: length 16, a literal of
  // the first 8 bytes (tag 0x1c), then a copy of 8 bytes from 4 back (tag 0x11, offset 4).
  const block = Buffer.from([16, 0x1c, 0x2a, 0x0e, 0x0a, 0x0c, 0x61, 0x62, 0x63, 0x64, 0x11, 0x04]);
  const payload = Buffer.concat([Buffer.of(FLAG_SNAPPY), block]);
  assert.deepEqual(createCodec('protobuf,snappy').decodeClient(payload), { body: 'say', say: { text: 'abcdabcdabcd' } });
});

test('bytes that are not protobuf are malformed', () => {
  const codec = createCodec('protobuf');
  const bad = [
    Buffer.from([0x0a, 0x05, 0x08]), // welcome announcing 5 bytes, 1 present
    Buffer.from([0x0f]), // wire type 7 does not exist
    Buffer.from([0x2a, 0x80]), // a length varint that never ends
  ];
  for (const bytes of bad) {
    assert.throws(() => codec.decodeServer(bytes), (e) => e instanceof MalformedError && /^malformed frame/.test(e.message));
  }
  const snappy = createCodec('protobuf,snappy');
  assert.throws(() => snappy.decodeServer(Buffer.concat([Buffer.of(0), bad[0]])), MalformedError);
  assert.throws(() => snappy.decodeServer(Buffer.alloc(0)), /malformed frame: empty payload/);
});

test('a message with no known case is of unknown type', () => {
  const codec = createCodec('protobuf');
  assert.throws(() => codec.decodeServer(Buffer.alloc(0)), UnknownTypeError);
  // Field 14 is no event this version knows; it is skipped, which leaves no case set.
  assert.throws(() => codec.decodeServer(Buffer.from([0x72, 0x00])), UnknownTypeError);
});

test('an unknown snappy flag is malformed', () => {
  const codec = createCodec('protobuf,snappy');
  const inner = createCodec('protobuf').encodeServer({ pong: { token: 1 } });
  for (const flag of [2, 0x7f, 0xff]) {
    assert.throws(() => codec.decodeServer(Buffer.concat([Buffer.of(flag), inner])), new RegExp(`malformed frame: unknown snappy flag ${flag}`));
  }
});

test('a block announcing 1 GiB is refused without decompressing', (t) => {
  const codec = createCodec('protobuf,snappy');
  // Varint 2^30 (80 80 80 80 04), then a copy tag that would repeat one literal byte forever.
  const bomb = Buffer.from([FLAG_SNAPPY, 0x80, 0x80, 0x80, 0x80, 0x04, 0x00, 0x41, 0xfe, 0x01, 0x00]);
  assert.deepEqual(readBlockLength(bomb.subarray(1)), { length: 2 ** 30, offset: 5 });
  const uncompress = t.mock.method(SnappyJS, 'uncompress');
  assert.throws(() => codec.decodeServer(bomb), /decompressed size 1073741824 exceeds limit 65536/);
  assert.equal(uncompress.mock.callCount(), 0, 'nothing was decompressed');
});

test('the limit is the configured max payload, inclusive', () => {
  const text = 'x'.repeat(2000);
  const small = createCodec('protobuf,snappy', { maxPayload: 1000 });
  const payload = createCodec('protobuf,snappy').encodeServer({ message: { room: 'r', nick: 'n', text } });
  assert.equal(payload[0], FLAG_SNAPPY);
  const announced = readBlockLength(payload.subarray(1)).length;
  assert.throws(() => small.decodeServer(payload), new RegExp(`decompressed size ${announced} exceeds limit 1000`));
  const exact = createCodec('protobuf,snappy', { maxPayload: announced });
  assert.equal(exact.decodeServer(payload).message.text, text);
});

test('corrupt snappy blocks are malformed, never half read', () => {
  const codec = createCodec('protobuf,snappy');
  const good = codec.encodeServer({ message: { room: 'lobby', nick: 'a', text: long('abc') } });
  assert.equal(good[0], FLAG_SNAPPY);
  const cases = {
    'length varint too long': Buffer.from([1, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
    'length over 32 bits': Buffer.from([1, 0xff, 0xff, 0xff, 0xff, 0x1f]),
    'no length at all': Buffer.from([1]),
    truncated: good.subarray(0, good.length - 3),
    'announces more than it holds': Buffer.concat([Buffer.from([1, 10, 0x0c]), Buffer.from('abcd')]),
    'holds more than it announces': Buffer.concat([Buffer.from([1, 2, 0x0c]), Buffer.from('abcd')]),
    'copy before any output': Buffer.from([1, 4, 0x01, 0x01]),
    'copy from too far back': Buffer.from([1, 8, 0x00, 0x41, 0x01, 0x02]),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    assert.throws(() => codec.decodeServer(bytes), MalformedError, name);
  }
});

test('encoding refuses an object that is not exactly one known message', () => {
  const codec = createCodec('protobuf');
  assert.throws(() => codec.encodeClient({}), /exactly one of: hello, setNick/);
  assert.throws(() => codec.encodeClient({ say: { text: 'a' }, leave: {} }), TypeError);
  assert.throws(() => codec.encodeClient({ say: { text: 5 } }), /invalid ClientMessage/);
  assert.throws(() => codec.encodeClient({ welcome: { version: 1 } }), TypeError);
  // UTF-16 that has no UTF-8 form; a proper pair (an emoji) is fine.
  assert.throws(() => codec.encodeClient({ say: { text: 'a\uD800b' } }), /ClientMessage.say.text is not valid Unicode/);
  assert.throws(() => codec.encodeClient({ privateMessage: { to: 'bob', text: '\uDC00' } }), /lone surrogate/);
  assert.equal(codec.decodeClient(codec.encodeClient({ say: { text: 'ok \u{1F600}' } })).say.text, 'ok \u{1F600}');
});

test('codec specs: protobuf and protobuf,snappy only', () => {
  assert.deepEqual(codecs.parseCodecSpec('protobuf'), { name: 'protobuf', snappy: false });
  assert.deepEqual(codecs.parseCodecSpec('protobuf,snappy'), { name: 'protobuf,snappy', snappy: true });
  assert.throws(() => codecs.parseCodecSpec('binary'), /not available/);
  assert.throws(() => codecs.parseCodecSpec('protobuf,zstd'), /unknown/);
});

test('the one-shot functions take the codec as an option', () => {
  const payload = codecs.encodeClient({ ping: { token: 3 } }, { codec: 'protobuf,snappy' });
  assert.equal(payload[0], FLAG_PLAIN);
  assert.deepEqual(codecs.decodeClient(payload, { codec: 'protobuf,snappy' }), { body: 'ping', ping: { token: 3 } });
  assert.deepEqual(codecs.decodeServer(codecs.encodeServer({ pong: { token: 3 } })), { body: 'pong', pong: { token: 3 } });
});
