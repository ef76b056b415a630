'use strict';
// The `,snappy` payload layer: one flag byte (0 = as is, 1 = Snappy raw block), then the body
// (docs/protocol/chat.md, "Codecs").
const SnappyJS = require('snappyjs');

const FLAG_PLAIN = 0;
const FLAG_SNAPPY = 1;

/** Payloads shorter than this go uncompressed: the protocol's threshold. */
const COMPRESS_THRESHOLD = 128;

/** Thrown for a payload the layer cannot unwrap; the session may go on. */
class MalformedError extends Error {
  constructor(detail) {
    super(detail ? `malformed frame: ${detail}` : 'malformed frame');
    this.name = 'MalformedError';
  }
}

/** Reads the uncompressed length varint at the start of a raw block: {length, offset}. */
function readBlockLength(block) {
  // Snappy writes a uint32 as at most 5 base-128 groups, low group first.
  let length = 0;
  for (let i = 0; i < 5 && i < block.length; i++) {
    const byte = block[i];
    if (i === 4 && byte > 0x0f) break; // would not fit in 32 bits
    length += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return { length, offset: i + 1 };
  }
  throw new MalformedError('bad snappy length');
}

// Walks the tags of a raw block without writing anything, so that a corrupt block is refused
// as a whole. snappyjs ignores writes past the end and zero-fills a short result; the C++
// side would refuse both, and so must we.
function checkBlock(block, offset, expected) {
  let pos = offset;
  let produced = 0;
  while (pos < block.length) {
    const tag = block[pos++];
    let length;
    let distance;
    switch (tag & 0x03) {
      case 0: {
        length = (tag >>> 2) + 1;
        if (length > 60) {
          const extra = length - 60; // 1-4 little-endian bytes hold length - 1
          if (pos + extra > block.length) throw new MalformedError('truncated snappy literal');
          length = 0;
          for (let i = 0; i < extra; i++) length += block[pos + i] * 2 ** (8 * i);
          length += 1;
          pos += extra;
        }
        if (pos + length > block.length) throw new MalformedError('truncated snappy literal');
        pos += length;
        produced += length;
        break;
      }
      case 1:
        if (pos + 1 > block.length) throw new MalformedError('truncated snappy copy');
        length = ((tag >>> 2) & 0x07) + 4;
        distance = ((tag >>> 5) << 8) | block[pos];
        pos += 1;
        break;
      case 2:
        if (pos + 2 > block.length) throw new MalformedError('truncated snappy copy');
        length = (tag >>> 2) + 1;
        distance = block.readUInt16LE(pos);
        pos += 2;
        break;
      default:
        if (pos + 4 > block.length) throw new MalformedError('truncated snappy copy');
        length = (tag >>> 2) + 1;
        distance = block.readUInt32LE(pos);
        pos += 4;
        break;
    }
    if ((tag & 0x03) !== 0) {
      if (distance === 0 || distance > produced) throw new MalformedError('bad snappy copy offset');
      produced += length;
    }
    if (produced > expected) throw new MalformedError('snappy block longer than announced');
  }
  if (produced !== expected) throw new MalformedError('snappy block shorter than announced');
}

/** Wraps a payload: compressed (flag 1) when that pays off, else as is (flag 0). */
function wrap(payload) {
  if (payload.length >= COMPRESS_THRESHOLD) {
    const block = SnappyJS.compress(Buffer.from(payload.buffer, payload.byteOffset, payload.length));
    if (block.length < payload.length) return Buffer.concat([Buffer.of(FLAG_SNAPPY), block]);
  }
  return Buffer.concat([Buffer.of(FLAG_PLAIN), payload]);
}

/**
 * Unwraps a payload. A block announcing more than `maxPayload` uncompressed bytes is refused
 * before anything is allocated for it: a few bytes must not make us allocate a gigabyte.
 */
function unwrap(wrapped, maxPayload) {
  if (wrapped.length === 0) throw new MalformedError('empty payload');
  const flag = wrapped[0];
  const body = Buffer.from(wrapped.buffer, wrapped.byteOffset + 1, wrapped.length - 1);
  if (flag === FLAG_PLAIN) return body;
  if (flag !== FLAG_SNAPPY) throw new MalformedError(`unknown snappy flag ${flag}`);

  const { length, offset } = readBlockLength(body);
  if (length > maxPayload) {
    throw new MalformedError(`decompressed size ${length} exceeds limit ${maxPayload}`);
  }
  checkBlock(body, offset, length);
  try {
    return SnappyJS.uncompress(body, maxPayload);
  } catch (e) {
    throw new MalformedError(`corrupt snappy block (${e.message})`);
  }
}

module.exports = {
  COMPRESS_THRESHOLD,
  FLAG_PLAIN,
  FLAG_SNAPPY,
  MalformedError,
  readBlockLength,
  unwrap,
  wrap,
};
