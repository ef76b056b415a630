'use strict';
// Payloads of `--codec protobuf` and `--codec protobuf,snappy`: one ClientMessage or
// ServerMessage of docs/protocol/chat.proto, optionally behind the snappy flag byte.
const path = require('node:path');
const protobuf = require('protobufjs');
const { DEFAULT_MAX_PAYLOAD } = require('./framing');
const snappy = require('./snappy_layer');
const { MalformedError } = snappy;

// Read at run time so that the .proto stays the one description of the messages.
const PROTO_PATH = path.resolve(__dirname, '../../../docs/protocol/chat.proto');

let types = null;

/** The ClientMessage and ServerMessage types of chat.proto (loaded once, on first use). */
function messageTypes() {
  if (!types) {
    const root = protobuf.loadSync(PROTO_PATH);
    types = {
      client: root.lookupType('proactor.chat.v1.ClientMessage'),
      server: root.lookupType('proactor.chat.v1.ServerMessage'),
    };
  }
  return types;
}

/** The envelope's message names in field-number order, e.g. ['hello', 'setNick', ...]. */
function bodyNames(type) {
  return type.oneofs.body.oneof.slice().sort((a, b) => type.fields[a].id - type.fields[b].id);
}

/** Thrown for a message of no known type (no `body` case set, or one newer than chat.proto). */
class UnknownTypeError extends Error {
  constructor() {
    super('unknown message type');
    this.name = 'UnknownTypeError';
  }
}

const CODEC_SPECS = ['protobuf', 'protobuf,snappy'];

/** Parses a `--codec` value into {name, snappy}; throws for a codec this client lacks. */
function parseCodecSpec(spec) {
  if (spec === 'protobuf') return { name: spec, snappy: false };
  if (spec === 'protobuf,snappy') return { name: spec, snappy: true };
  if (spec === 'binary' || spec === 'binary,snappy') {
    throw new Error(`codec '${spec}' is not available: this client speaks ${CODEC_SPECS.join(' or ')}`);
  }
  throw new Error(`codec '${spec}' is unknown: expected ${CODEC_SPECS.join(' or ')}`);
}

// A lone UTF-16 surrogate has no UTF-8 form: protobufjs would write the bytes anyway and the
// server would refuse the whole request as malformed, so it is refused here, with a reason.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function findLoneSurrogate(value, where) {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? where : null;
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = findLoneSurrogate(inner, `${where}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

function encodeWith(type, object) {
  const cases = Object.keys(object || {}).filter((key) => type.oneofs.body.oneof.includes(key));
  if (cases.length !== 1) {
    throw new TypeError(`a ${type.name} needs exactly one of: ${bodyNames(type).join(', ')}`);
  }
  const problem = type.verify(object);
  if (problem) throw new TypeError(`invalid ${type.name}: ${problem}`);
  const lone = findLoneSurrogate(object, type.name);
  if (lone) throw new TypeError(`invalid ${type.name}: ${lone} is not valid Unicode (a lone surrogate)`);
  return type.encode(type.fromObject(object)).finish();
}

function decodeWith(type, bytes) {
  let message;
  try {
    message = type.decode(bytes);
  } catch (e) {
    throw new MalformedError(e.message);
  }
  // defaults: an absent string reads as '' and an absent number as 0, as proto3 means them.
  const object = type.toObject(message, { oneofs: true, defaults: true, longs: Number });
  if (!object.body) throw new UnknownTypeError();
  return object;
}

/**
 * A codec for one `--codec` spec. Messages are plain objects with one case of the envelope,
 * e.g. `{say: {text: 'hi'}}`; decoded ones also carry `body`, the name of that case.
 */
function createCodec(spec = 'protobuf', { maxPayload = DEFAULT_MAX_PAYLOAD } = {}) {
  const { name, snappy: compressed } = parseCodecSpec(spec);
  const { client, server } = messageTypes();
  const outer = (payload) => (compressed ? snappy.wrap(payload) : payload);
  const inner = (payload) => (compressed ? snappy.unwrap(payload, maxPayload) : payload);
  return {
    name,
    maxPayload,
    /** Payload bytes of a ClientMessage (a request). */
    encodeClient: (object) => outer(encodeWith(client, object)),
    /** The ServerMessage (an event) in a payload; throws MalformedError or UnknownTypeError. */
    decodeServer: (payload) => decodeWith(server, inner(payload)),
    /** Payload bytes of a ServerMessage, as a server would send it. */
    encodeServer: (object) => outer(encodeWith(server, object)),
    /** The ClientMessage in a payload, as a server would read it. */
    decodeClient: (payload) => decodeWith(client, inner(payload)),
  };
}

// The pair functions below build a codec per call: fine for tests and one-offs; a connection
// keeps one from createCodec.
const withCodec = (method) => (value, { codec = 'protobuf', maxPayload } = {}) =>
  createCodec(codec, { maxPayload })[method](value);

module.exports = {
  CODEC_SPECS,
  MalformedError,
  PROTO_PATH,
  UnknownTypeError,
  bodyNames,
  createCodec,
  messageTypes,
  parseCodecSpec,
  /** encodeClient(object, {codec, maxPayload}): a request's payload. */
  encodeClient: withCodec('encodeClient'),
  /** decodeServer(payload, {codec, maxPayload}): the event in a payload. */
  decodeServer: withCodec('decodeServer'),
  /** encodeServer(object, {codec, maxPayload}): an event's payload. */
  encodeServer: withCodec('encodeServer'),
  /** decodeClient(payload, {codec, maxPayload}): the request in a payload. */
  decodeClient: withCodec('decodeClient'),
};
