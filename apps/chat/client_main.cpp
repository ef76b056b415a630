// proactor-chat-client: chats with a proactor-chat-server from a terminal or a pipe.
//
//   proactor-chat-client --port 7000 --nick alice --room lobby
//   proactor-chat-client --port 7000 < script.txt              (/nick, /join, then lines)
//   proactor-chat-client --port 7000 --nick bob --room lobby --keep-open < /dev/null
//
// Each stdin line is said to the room or is a command (/join, /leave, /nick, /msg, /rooms,
// /who, /quit, /help); each event prints as one line. A server that cannot keep up slows
// stdin's reading down; nothing is dropped. At stdin's end or /quit it waits until the server
// has handled every line (--drain-timeout), leaves, and exits 0; with --keep-open it stays,
// printing, until killed. Exits 1 when the server cannot be reached, the connection is lost,
// the server never answers or sends nothing for --stall-timeout; 2 on a bad command line.
#include "chat/chat_client_options.hpp"
#include "chat/chat_console.hpp"
#include "common/messages.hpp"

#include <exception>

int main(int argc, char* argv[])
{
  const auto options = proactor::chat::parse_chat_client_flags(argc, argv);
  if (!options) return options.exit_code();

  try {
    return proactor::chat::ChatConsole{*options}.run();
  } catch (const std::exception& e) {
    proactor::apps::print_error(options->program, e.what());
    return 1;
  }
}
