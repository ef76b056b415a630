'use strict';
// A chat client over one TCP connection: sends requests, emits every event the server sends.
const { EventEmitter } = require('node:events');
const net = require('node:net');
const { DEFAULT_MAX_PAYLOAD, FrameDecoder, encodeFrame } = require('./framing');
const { createCodec } = require('./codec');

const PROTOCOL_VERSION = 1;
const DEFAULT_TIMEOUT_MS = 10_000;
// As the C++ client: often enough for any idle timeout, rarely enough to cost nothing.
const DEFAULT_KEEPALIVE_MS = 30_000;
// Keepalive pings use token 0, so they can never satisfy a ping() barrier.
const KEEPALIVE_TOKEN = 0;
const MAX_TOKEN = 0xffffffff;

/** Formats host and port as the C++ programs do: `[::1]:7000` for IPv6. */
function formatAddress(host, port) {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * A chat connection. Emits 'event' for every decoded ServerMessage (e.g. `{body: 'message',
 * message: {room, nick, text}}`; chat.md calls them events); 'malformed' (an Error: an event
 * that did not decode; the connection goes on); 'close' (an Error when the connection ended
 * other than by close(), else null); and 'error' only when someone listens for it.
 */
class ChatClient extends EventEmitter {
  /** A client for `codec` ('protobuf' or 'protobuf,snappy'); connects nothing yet. */
  constructor({
    codec = 'protobuf',
    maxPayload = DEFAULT_MAX_PAYLOAD,
    timeout = DEFAULT_TIMEOUT_MS,
    keepalive = DEFAULT_KEEPALIVE_MS,
  } = {}) {
    super();
    this.codec = createCodec(codec, { maxPayload });
    this.maxPayload = maxPayload;
    this.timeout = timeout;
    this.keepaliveMs = keepalive;
    this.socket = null;
    this.address = null;
    this.decoder = new FrameDecoder(maxPayload);
    this.nextToken = 1;
    this.closing = false;
    this.closed = false;
    this.closeError = null;
    this.keepaliveTimer = null;
    /** Our nickname and room, as the server confirmed them ('' until then). */
    this.nick = '';
    this.room = '';
  }

  /** Connects to host:port; resolves with the client, rejects after `timeout` ms or on error. */
  connect(host, port) {
    this.address = formatAddress(host, port);
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host, port });
      const fail = (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(`cannot connect to ${this.address}: ${err.message}`));
      };
      const timer = setTimeout(() => fail(new Error('timed out')), this.timeout);
      socket.once('error', fail);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', fail);
        socket.setNoDelay(true);
        this.attach(socket);
        resolve(this);
      });
    });
  }

  attach(socket) {
    this.socket = socket;
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => this.lose(err));
    socket.on('end', () => {
      // The server ending first (or mid-frame) is a lost connection unless we asked for it.
      if (this.decoder.partial) this.lose(new Error('connection ended inside a frame'));
      else if (!this.closing) this.lose(new Error('closed by the server'));
      socket.end();
    });
    socket.on('close', () => this.onClose());
    this.armKeepalive();
  }

  onData(chunk) {
    let payloads;
    try {
      payloads = this.decoder.push(chunk);
    } catch (err) {
      this.lose(err);
      this.socket.destroy();
      return;
    }
    for (const payload of payloads) {
      let message;
      try {
        message = this.codec.decodeServer(payload);
      } catch (err) {
        this.emit('malformed', err);
        continue;
      }
      this.track(message);
      // One event name for all: the cases' own names would clash with 'error'.
      this.emit('event', message);
    }
  }

  // Follows our nickname and room as the C++ client does, for the CLI and for callers.
  track(message) {
    const event = message[message.body];
    if (message.body === 'nickChanged' && (event.oldNick === '' || event.oldNick === this.nick)) {
      this.nick = event.newNick;
    } else if (message.body === 'joined' && event.nick === this.nick) {
      this.room = event.room;
    } else if (message.body === 'left' && event.nick === this.nick && event.room === this.room) {
      this.room = '';
    }
  }

  lose(err) {
    if (!this.closeError && !this.closing) {
      this.closeError = new Error(`connection to ${this.address} closed: ${err.message}`);
    }
  }

  onClose() {
    this.closed = true;
    clearTimeout(this.keepaliveTimer);
    if (!this.closing && !this.closeError) this.lose(new Error('closed'));
    const err = this.closing ? null : this.closeError;
    if (err && this.listenerCount('error') > 0) this.emit('error', err);
    this.emit('close', err);
  }

  armKeepalive() {
    if (!this.keepaliveMs) return;
    this.keepaliveTimer = setTimeout(() => {
      if (this.closed || this.closing) return;
      this.send({ ping: { token: KEEPALIVE_TOKEN } });
      this.armKeepalive();
    }, this.keepaliveMs);
    // A keepalive alone must not keep the process running.
    this.keepaliveTimer.unref();
  }

  /** Sends one ClientMessage object, e.g. `{say: {text}}`; returns socket.write's result. */
  send(request) {
    return this.sendPayload(this.codec.encodeClient(request));
  }

  /** Sends raw payload bytes as one frame (for tests of what the server refuses). */
  sendPayload(payload) {
    if (!this.socket || this.closed || this.closing) throw new Error('not connected');
    return this.socket.write(encodeFrame(payload, this.maxPayload));
  }

  /** Resolves once the send buffer has drained (at once if it has); rejects after `timeout` ms. */
  drained({ timeout = this.timeout } = {}) {
    const { socket } = this;
    if (!socket || !socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (err) => {
        clearTimeout(timer);
        socket.off('drain', onDrain);
        this.off('close', onClose);
        if (err) reject(err);
        else resolve();
      };
      const onDrain = () => done(null);
      const onClose = (err) => done(err || new Error('connection closed'));
      const timer = setTimeout(() => done(new Error(`the server takes nothing for ${timeout} ms`)), timeout);
      socket.on('drain', onDrain);
      this.on('close', onClose);
    });
  }

  /** hello(version = 1): answered by `welcome`. */
  hello(version = PROTOCOL_VERSION) {
    return this.send({ hello: { version } });
  }

  /** setNick(nick): answered by `nickChanged`. */
  setNick(nick) {
    return this.send({ setNick: { nick } });
  }

  /** join(room): answered by `joined` (after `left` for the previous room). */
  join(room) {
    return this.send({ join: { room } });
  }

  /** leave(): answered by `left`. */
  leave() {
    return this.send({ leave: {} });
  }

  /** say(text) to the current room: answered by `message`. */
  say(text) {
    return this.send({ say: { text } });
  }

  /** privateMessage(to, text): answered by `privateDelivered`. */
  privateMessage(to, text) {
    return this.send({ privateMessage: { to, text } });
  }

  /** listRooms(): answered by `roomList`. */
  listRooms() {
    return this.send({ listRooms: {} });
  }

  /** listUsers(room = ''): answered by `userList`; '' asks for the current room. */
  listUsers(room = '') {
    return this.send({ listUsers: { room } });
  }

  /**
   * Sends a ping and resolves with its token when the matching pong arrives. The server
   * answers in order, so by then every answer to what was sent before has arrived: a barrier.
   */
  ping({ timeout = this.timeout } = {}) {
    const token = this.nextToken;
    this.nextToken = this.nextToken === MAX_TOKEN ? 1 : this.nextToken + 1;
    const answered = this.waitFor((m) => m.body === 'pong' && m.pong.token === token, { timeout });
    try {
      this.send({ ping: { token } });
    } catch (err) {
      answered.catch(() => {});
      return Promise.reject(err);
    }
    return answered.then(() => token);
  }

  /**
   * Resolves with the next ServerMessage for which `predicate` holds; rejects after `timeout`
   * ms or when the connection closes. Only messages arriving after the call count.
   */
  waitFor(predicate, { timeout = this.timeout } = {}) {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(this.closeError || new Error('connection closed'));
        return;
      }
      const done = (err, value) => {
        clearTimeout(timer);
        this.off('event', onEvent);
        this.off('close', onClose);
        if (err) reject(err);
        else resolve(value);
      };
      const onEvent = (message) => {
        if (predicate(message)) done(null, message);
      };
      const onClose = (err) => done(err || new Error('connection closed'));
      const timer = setTimeout(
        () => done(new Error(`timed out after ${timeout} ms waiting for the server`)),
        timeout,
      );
      this.on('event', onEvent);
      this.on('close', onClose);
    });
  }

  /** Closes gracefully: sends FIN after what is queued, resolves when the socket has closed. */
  close({ timeout = this.timeout } = {}) {
    if (!this.socket || this.closed) return Promise.resolve();
    this.closing = true;
    clearTimeout(this.keepaliveTimer);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.destroy(), timeout);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.end();
    });
  }

  /** Ends the connection at once, without the graceful close. */
  destroy() {
    this.closing = true;
    if (this.socket) this.socket.destroy();
  }
}

/** Creates a client and connects it: `await connect(host, port, {codec})`. */
function connect(host, port, options = {}) {
  return new ChatClient(options).connect(host, port);
}

module.exports = { ChatClient, PROTOCOL_VERSION, connect, formatAddress };
