// proactor-chat-client: chats with a proactor-chat-server from a terminal or a pipe.
//
//   proactor-chat-client --port 7000 --nick alice --room lobby
//
// Each stdin line is said to the room or is a command (/join, /leave, /nick, /msg, /rooms,
// /who, /quit, /help); each event prints as one line. Exits 0 at stdin's end or /quit, 1 when
// the server cannot be reached or the connection is lost, 2 on a bad command line.
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
