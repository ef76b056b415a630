// proactor-chat-server: nicknames, rooms and private messages over the chat protocol
// (docs/protocol/chat.md).
//
//   proactor-chat-server --port 7000 --threads 4 --max-rooms 100 [--codec protobuf,snappy]
//   proactor-chat-server --port 0 --redis unix:/tmp/redis.sock --node-id n1   (a cluster node)
//
// Prints `listening on HOST:PORT` once it accepts connections; SIGINT or SIGTERM stops it
// gracefully and it exits 0.
#include "chat/chat_handler.hpp"
#include "chat/chat_server_options.hpp"
#include "common/server_flags.hpp"
#include <proactor/server/server.hpp>

#include <iostream>
#include <memory>
#include <stdexcept>

#if PROACTOR_CHAT_REDIS
#include "chat/chat_redis_backplane.hpp"
#endif

int main(int argc, char* argv[])
{
  const auto options = proactor::chat::parse_chat_server_flags(argc, argv);
  if (!options) return options.exit_code();

  proactor::chat::ChatHandler handler{options->limits, options->wire};
#if PROACTOR_CHAT_REDIS
  // Declared before the server: it outlives every session's last publish.
  std::unique_ptr<proactor::chat::RedisBackplane> backplane;
  if (!options->redis.empty()) {
    proactor::chat::RedisBackplaneConfig config;
    config.address = options->redis;
    config.node_id = options->node_id.empty() ? proactor::chat::make_node_id() : options->node_id;
    config.presence_ttl = options->presence_ttl;
    const std::string program = options->server.program;
    try {
      backplane = std::make_unique<proactor::chat::RedisBackplane>(
          config,
          [program](const std::string& line) { std::cerr << program + ": " + line + "\n"; });
    } catch (const std::invalid_argument& e) {
      std::cerr << program << ": " << e.what() << std::endl;
      return 2;
    }
    handler.use_backplane(*backplane);
    backplane->start(handler);
  }
#endif

  proactor::Server server{options->server.config, handler};
  const int exit_code = proactor::apps::run_server(server, options->server);
#if PROACTOR_CHAT_REDIS
  if (backplane) {
    backplane->stop();
    const auto stats = backplane->stats();
    std::cerr << options->server.program << ": backplane: published " << stats.published
              << " received " << stats.received << " dropped " << stats.dropped << " holds "
              << stats.holds << " reconnects " << stats.reconnects << std::endl;
  }
#endif
  return exit_code;
}
