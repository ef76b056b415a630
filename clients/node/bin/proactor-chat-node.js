#!/usr/bin/env node
'use strict';
// proactor-chat-node: proactor-chat-client's twin in Node.js, for --codec protobuf[,snappy].
//
//   node bin/proactor-chat-node.js --port 7000 --nick alice --room lobby --codec protobuf
//
// Each stdin line is said to the room or is a command (/join, /leave, /nick, /msg, /rooms,
// /who, /quit, /help); each event prints as one line. Exits 0 at stdin's end or /quit, 1 when
// the server cannot be reached or the connection is lost, 2 on a bad command line.
const { ChatClient } = require('../lib/chat_client');
const { HELP, parseCommand } = require('../lib/command');
const { formatEvent } = require('../lib/format');
const { parseCodecSpec } = require('../lib/codec');
const { FramingError } = require('../lib/framing');

const PROGRAM = 'proactor-chat-node';
// At stdin's end, the longest wait for the server to answer what was sent (as the C++ client).
const DRAIN_WAIT_MS = 2_000;
const NAME = /^[A-Za-z0-9_-]{1,32}$/;

const USAGE = `usage: ${PROGRAM} [flags]
Chats with a proactor-chat-server: each stdin line is said to the room, or is a
command (/join ROOM, /leave, /nick NAME, /msg NICK TEXT, /rooms, /who, /quit, /help);
each event is printed as one line.

  --host HOST                 server address or name (default 127.0.0.1)
  --port PORT                 server port (required)
  --nick NAME                 nickname (1-32 of A-Z a-z 0-9 _ -) (required)
  --room ROOM                 room to join at once
  --codec protobuf[,snappy]   message encoding, as the server's --codec (default protobuf)
  --timeout MS                limit for connecting, in milliseconds or as 500ms, 30s, 5m
                              (default 10000)
  -h, --help                  print this help and exit
  --version                   print the version and exit
`;

class UsageError extends Error {}

// Milliseconds, or the C++ programs' duration form (500ms, 30s, 5m), so one command line
// suits both clients.
function parseTimeout(text) {
  const match = /^(\d+)(ms|s|m)?$/.exec(String(text));
  const ms = match ? Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[match[2] || 'ms'] : 0;
  if (!(ms > 0)) {
    throw new UsageError(`invalid value '${text}' for '--timeout': expected milliseconds above 0, e.g. 500 or 30s`);
  }
  return ms;
}

/** Parses argv (without node and the script) into options, or {help: true} / {version: true}. */
function parseFlags(argv) {
  const options = { host: '127.0.0.1', port: null, nick: null, room: '', codec: 'protobuf', timeout: 10_000 };
  const known = new Set(['host', 'port', 'nick', 'room', 'codec', 'timeout']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return { help: true };
    if (arg === '--version') return { version: true };
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals < 0 ? undefined : equals);
    if (!known.has(name)) throw new UsageError(`unknown flag '--${name}'`);
    let value;
    if (equals >= 0) value = arg.slice(equals + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    else throw new UsageError(`missing value for '--${name}'`);
    options[name] = value;
  }

  if (options.port === null) throw new UsageError("missing required flag '--port'");
  if (!/^\d+$/.test(options.port) || Number(options.port) < 1 || Number(options.port) > 65535) {
    throw new UsageError(`invalid value '${options.port}' for '--port': expected 1 to 65535`);
  }
  options.port = Number(options.port);
  if (options.nick === null) throw new UsageError("missing required flag '--nick'");
  if (!NAME.test(options.nick)) {
    throw new UsageError(`invalid nickname '${options.nick}': use 1-32 of A-Z a-z 0-9 _ -`);
  }
  if (options.room !== '' && !NAME.test(options.room)) {
    throw new UsageError(`invalid room name '${options.room}': use 1-32 of A-Z a-z 0-9 _ -`);
  }
  options.timeout = parseTimeout(options.timeout);
  try {
    parseCodecSpec(options.codec);
  } catch (e) {
    throw new UsageError(e.message);
  }
  return options;
}

const print = (line) => process.stdout.write(`${line}\n`);

function failAndExit(message, code) {
  process.stderr.write(`${PROGRAM}: ${message}\n`);
  process.exit(code);
}

// Yields stdin's lines as they complete; a last line without a newline is still a line.
async function* stdinLines() {
  let pending = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) {
    pending += chunk;
    let end;
    while ((end = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
    }
  }
  if (pending !== '') yield pending;
}

// Pings, then leaves the room (if the server says we are in one) and pings again, all within
// DRAIN_WAIT_MS: once the last pong is here, nothing we asked for is still on its way.
async function drain(client) {
  const deadline = Date.now() + DRAIN_WAIT_MS;
  const pingInTime = () =>
    client.ping({ timeout: Math.max(1, deadline - Date.now()) }).then(
      () => true,
      (err) => {
        if (client.closed) throw err;
        return false; // a slow server is not worth more waiting
      },
    );
  if ((await pingInTime()) && client.room !== '') {
    client.leave();
    await pingInTime();
  }
}

async function main() {
  let options;
  try {
    options = parseFlags(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    failAndExit(`${e.message} (try --help)`, 2);
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (options.version) {
    // As the C++ programs' --version: name, project version, then what it runs on.
    print(`${PROGRAM} ${require('../package.json').version} (node ${process.version})`);
    return;
  }

  const client = new ChatClient({ codec: options.codec, timeout: options.timeout });
  try {
    await client.connect(options.host, options.port);
  } catch (e) {
    failAndExit(e.message, 1);
  }
  client.on('event', (message) => {
    const line = formatEvent(message, client.nick);
    if (line !== null) print(line);
  });
  client.on('malformed', () => print('! a malformed event arrived'));
  // A lost server is reported at once, not at the next line typed.
  client.on('close', (err) => {
    if (err) failAndExit(err.message, 1);
  });

  // Requests are handled in order, so the nickname is set before the join needs it.
  client.hello();
  client.setNick(options.nick);
  if (options.room !== '') client.join(options.room);

  for await (const line of stdinLines()) {
    const command = parseCommand(line);
    if (command.kind === 'quit') break;
    if (command.kind === 'help') print(HELP);
    else if (command.kind === 'invalid') print(`! ${command.error}`);
    else if (command.kind === 'send') {
      let full;
      try {
        full = !client.send(command.request);
      } catch (e) {
        if (!(e instanceof FramingError)) throw e;
        print('! that line is too long to send');
        continue;
      }
      // Paces a fast stdin (a big file) to the server: wait while the socket's queue is full.
      if (full) await client.drained();
    }
  }

  await drain(client);
  await client.close({ timeout: options.timeout });
  process.exit(0);
}

main().catch((e) => failAndExit(e.message, 1));
