'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { FrameDecoder, FramingError, encodeFrame, DEFAULT_MAX_PAYLOAD } = require('../lib/framing');

const payloads = [Buffer.from('hello'), Buffer.alloc(0), Buffer.alloc(3000, 7), Buffer.from([1, 2, 3])];
const stream = Buffer.concat(payloads.map((p) => encodeFrame(p)));

test('encodeFrame puts a big-endian u32 length in front', () => {
  assert.deepEqual(encodeFrame(Buffer.from('hi')), Buffer.from([0, 0, 0, 2, 0x68, 0x69]));
  assert.deepEqual(encodeFrame(Buffer.alloc(0)), Buffer.from([0, 0, 0, 0]));
  const frame = encodeFrame(Buffer.alloc(0x010203), 0x010203);
  assert.deepEqual(frame.subarray(0, 4), Buffer.from([0, 1, 2, 3]));
});

test('encodeFrame refuses a payload over the limit', () => {
  assert.throws(() => encodeFrame(Buffer.alloc(11), 10), FramingError);
  assert.doesNotThrow(() => encodeFrame(Buffer.alloc(DEFAULT_MAX_PAYLOAD)));
  assert.throws(() => encodeFrame(Buffer.alloc(DEFAULT_MAX_PAYLOAD + 1)), /exceeds limit 65536/);
});

test('coalesced frames in one chunk come out one by one', () => {
  const decoder = new FrameDecoder();
  assert.deepEqual(decoder.push(stream), payloads);
  assert.equal(decoder.partial, false);
});

test('frames split at every possible byte boundary come out whole', () => {
  for (const size of [1, 2, 3, 5, 7, 64, 1000]) {
    const decoder = new FrameDecoder();
    const out = [];
    for (let i = 0; i < stream.length; i += size) out.push(...decoder.push(stream.subarray(i, i + size)));
    assert.deepEqual(out, payloads, `chunk size ${size}`);
    assert.equal(decoder.partial, false);
  }
});

test('a frame split across two chunks, header included, waits for its rest', () => {
  const decoder = new FrameDecoder();
  const frame = encodeFrame(Buffer.from('split me'));
  assert.deepEqual(decoder.push(frame.subarray(0, 2)), []);
  assert.equal(decoder.partial, true);
  assert.deepEqual(decoder.push(frame.subarray(2, 6)), []);
  assert.deepEqual(decoder.push(Buffer.concat([frame.subarray(6), frame.subarray(0, 1)])), [
    Buffer.from('split me'),
  ]);
  assert.equal(decoder.partial, true, 'the next frame has begun');
});

test('an announced length over the limit is refused before its bytes arrive', () => {
  const decoder = new FrameDecoder(1024);
  assert.throws(() => decoder.push(Buffer.from([0, 0, 4, 1])), /frame length 1025 exceeds limit 1024/);
  // Broken for good: the stream can no longer be split.
  assert.throws(() => decoder.push(Buffer.from([0])), FramingError);

  const huge = new FrameDecoder();
  assert.throws(() => huge.push(Buffer.from([0xff, 0xff, 0xff, 0xff])), FramingError);
});

test('a length exactly at the limit is accepted', () => {
  const decoder = new FrameDecoder(16);
  assert.deepEqual(decoder.push(encodeFrame(Buffer.alloc(16, 1), 16)), [Buffer.alloc(16, 1)]);
});
