'use strict';
// A stand-in chat server in Node for the client's own tests: just enough of chat.md (rooms,
// messages, lists, pings) to drive ChatClient and the CLI without the C++ programs. It checks
// no names and enforces no limits; the cross-language test is the one against the real server.
// Kept outside test/ because `node --test` runs every .js file under a test/ folder.
const net = require('node:net');
const { FrameDecoder, encodeFrame } = require('../lib/framing');
const { createCodec } = require('../lib/codec');

/** Starts a fake server on 127.0.0.1 and a free port: resolves with {port, requests, close}. */
function startFakeServer({ codec = 'protobuf' } = {}) {
  const wire = createCodec(codec);
  const sessions = new Set();
  const requests = []; // every decoded request, for tests to inspect
  const members = (room) => [...sessions].filter((s) => s.room === room);
  const sendTo = (session, event) => session.socket.write(encodeFrame(wire.encodeServer(event)));

  const handlers = {
    hello: (s) => sendTo(s, { welcome: { version: 1, text: 'Welcome to the fake server.' } }),
    setNick: (s, r) => {
      const old = s.nick;
      s.nick = r.nick;
      sendTo(s, { nickChanged: { oldNick: old, newNick: r.nick } });
    },
    join: (s, r) => {
      if (s.room) handlers.leave(s);
      s.room = r.room;
      for (const m of members(r.room)) sendTo(m, { joined: { room: r.room, nick: s.nick } });
    },
    leave: (s) => {
      if (!s.room) return;
      for (const m of members(s.room)) sendTo(m, { left: { room: s.room, nick: s.nick } });
      s.room = '';
    },
    say: (s, r) => {
      for (const m of members(s.room)) sendTo(m, { message: { room: s.room, nick: s.nick, text: r.text } });
    },
    privateMessage: (s, r) => {
      const event = { privateDelivered: { from: s.nick, to: r.to, text: r.text } };
      const to = [...sessions].find((m) => m.nick === r.to);
      if (!to) return sendTo(s, { error: { code: 14, request: 6, text: `no such user: '${r.to}'` } });
      if (to !== s) sendTo(to, event);
      return sendTo(s, event);
    },
    listRooms: (s) => {
      const rooms = [...new Set([...sessions].map((m) => m.room).filter(Boolean))].sort();
      sendTo(s, { roomList: { rooms: rooms.map((name) => ({ name, members: members(name).length })) } });
    },
    listUsers: (s, r) => {
      const room = r.room || s.room;
      sendTo(s, { userList: { room, nicks: members(room).map((m) => m.nick).sort() } });
    },
    ping: (s, r) => sendTo(s, { pong: { token: r.token } }),
  };

  const server = net.createServer((socket) => {
    const session = { socket, nick: '', room: '' };
    const decoder = new FrameDecoder();
    sessions.add(session);
    socket.on('data', (chunk) => {
      for (const payload of decoder.push(chunk)) {
        const request = wire.decodeClient(payload);
        requests.push(request);
        handlers[request.body](session, request[request.body]);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (session.room) handlers.leave(session);
      sessions.delete(session);
    });
  });

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        requests,
        close: () =>
          new Promise((done) => {
            for (const s of sessions) s.socket.destroy();
            server.close(done);
          }),
      });
    });
  });
}

module.exports = { startFakeServer };
