'use strict';
// Length-prefix framing of the proactor chat protocol: a 4-byte big-endian unsigned payload
// length, then the payload (docs/protocol/chat.md, "Framing").

/** The server's default largest payload, in bytes (its `--max-frame`). */
const DEFAULT_MAX_PAYLOAD = 64 * 1024;

const HEADER_BYTES = 4;

/** Thrown when the byte stream can no longer be split into frames; the connection must end. */
class FramingError extends Error {
  constructor(message) {
    super(message);
    this.name = 'FramingError';
  }
}

/** Returns `payload` with its u32 big-endian length in front; refuses one over `maxPayload`. */
function encodeFrame(payload, maxPayload = DEFAULT_MAX_PAYLOAD) {
  if (payload.length > maxPayload) {
    throw new FramingError(`frame payload of ${payload.length} bytes exceeds limit ${maxPayload}`);
  }
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt32BE(payload.length, 0);
  frame.set(payload, HEADER_BYTES);
  return frame;
}

/**
 * Splits a byte stream into payloads. TCP delivers chunks that bear no relation to frames, so
 * the decoder keeps what it has not used yet; it never holds more than one frame's worth.
 */
class FrameDecoder {
  /** A decoder that refuses announced lengths over `maxPayload` bytes. */
  constructor(maxPayload = DEFAULT_MAX_PAYLOAD) {
    this.maxPayload = maxPayload;
    this.chunks = [];
    this.buffered = 0;
    this.broken = null;
  }

  /** Takes one chunk; returns the payloads it completes (possibly none). Throws FramingError. */
  push(chunk) {
    if (this.broken) throw this.broken;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const payloads = [];
    while (this.buffered >= HEADER_BYTES) {
      const length = this.peekLength();
      if (length > this.maxPayload) {
        // Refused before any of it is buffered: a hostile length must not cost memory.
        this.broken = new FramingError(`frame length ${length} exceeds limit ${this.maxPayload}`);
        throw this.broken;
      }
      if (this.buffered < HEADER_BYTES + length) break;
      this.take(HEADER_BYTES);
      payloads.push(this.take(length));
    }
    return payloads;
  }

  /** True when the bytes so far end inside a frame (a connection closing now cut one short). */
  get partial() {
    return this.buffered > 0;
  }

  peekLength() {
    const head = this.chunks[0].length >= HEADER_BYTES ? this.chunks[0] : this.coalesce();
    return head.readUInt32BE(0);
  }

  // Joins the buffered chunks into one; only needed when a header straddles chunks.
  coalesce() {
    const whole = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [whole];
    return whole;
  }

  take(count) {
    if (count === 0) return Buffer.alloc(0);
    let first = this.chunks[0];
    if (first.length < count) first = this.coalesce();
    const out = first.subarray(0, count);
    if (first.length === count) this.chunks.shift();
    else this.chunks[0] = first.subarray(count);
    this.buffered -= count;
    return out;
  }
}

module.exports = { DEFAULT_MAX_PAYLOAD, HEADER_BYTES, FramingError, FrameDecoder, encodeFrame };
