'use strict';
// Turns a typed line into a request, with the commands and messages of proactor-chat-client
// (apps/chat/chat_command.cpp).

const HELP =
  'commands: TEXT says it to the room, /join ROOM, /leave, /nick NAME, /msg NICK TEXT, ' +
  '/rooms, /who [ROOM], /quit, /help (//TEXT says a line that starts with /)';

// Only spaces and tabs separate words, as in the C++ client: other whitespace is text.
const trim = (text) => text.replace(/^[ \t]+|[ \t]+$/g, '');

function splitWord(text) {
  const rest = trim(text);
  const space = rest.search(/[ \t]/);
  if (space < 0) return [rest, ''];
  return [rest.slice(0, space), trim(rest.slice(space))];
}

const send = (request) => ({ kind: 'send', request });
const invalid = (error) => ({ kind: 'invalid', error });

/**
 * Parses one line: {kind: 'nothing' | 'send' | 'quit' | 'help' | 'invalid'}, with `request`
 * (a ClientMessage object) for 'send' and `error` for 'invalid'.
 */
function parseCommand(line) {
  if (trim(line) === '') return { kind: 'nothing' };
  if (!line.startsWith('/')) return send({ say: { text: line } });
  if (line.startsWith('//')) return send({ say: { text: line.slice(1) } });

  const [name, rest] = splitWord(line);
  const [first, tail] = splitWord(rest);
  const oneWord = first !== '' && tail === '';
  switch (name) {
    case '/join':
      return oneWord ? send({ join: { room: first } }) : invalid('usage: /join ROOM');
    case '/nick':
      return oneWord ? send({ setNick: { nick: first } }) : invalid('usage: /nick NAME');
    case '/msg':
      return first !== '' && tail !== ''
        ? send({ privateMessage: { to: first, text: tail } })
        : invalid('usage: /msg NICK TEXT');
    case '/who':
      return rest === '' || oneWord ? send({ listUsers: { room: first } }) : invalid('usage: /who [ROOM]');
    case '/leave':
    case '/rooms':
    case '/quit':
    case '/help':
      if (rest !== '') return invalid(`usage: ${name} (takes no argument)`);
      if (name === '/leave') return send({ leave: {} });
      if (name === '/rooms') return send({ listRooms: {} });
      return { kind: name.slice(1) };
    default:
      return invalid(`unknown command ${name} (try /help)`);
  }
}

module.exports = { HELP, parseCommand };
