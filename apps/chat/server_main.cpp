// proactor-chat-server: nicknames, rooms and private messages over the chat protocol
// (docs/protocol/chat.md).
//
//   proactor-chat-server --port 7000 --threads 4 --max-rooms 100 [--codec protobuf,snappy]
//
// Prints `listening on HOST:PORT` once it accepts connections; SIGINT or SIGTERM stops it
// gracefully and it exits 0.
#include "chat/chat_handler.hpp"
#include "chat/chat_server_options.hpp"
#include "common/server_flags.hpp"
#include <proactor/server/server.hpp>

int main(int argc, char* argv[])
{
  const auto options = proactor::chat::parse_chat_server_flags(argc, argv);
  if (!options) return options.exit_code();

  proactor::chat::ChatHandler handler{options->limits, options->wire};
  proactor::Server server{options->server.config, handler};
  return proactor::apps::run_server(server, options->server);
}
