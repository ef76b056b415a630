// proactor-echo-server: sends every frame back to its sender.
//
//   proactor-echo-server --port 7000 --threads 4 --logic-threads 0 --framing u32
//
// Prints `listening on HOST:PORT` once it accepts connections; SIGINT or SIGTERM stops it
// gracefully (replies already queued are delivered) and it exits 0.
#include "common/server_flags.hpp"
#include "echo/echo_handler.hpp"
#include <proactor/server/server.hpp>

int main(int argc, char* argv[])
{
  const auto options = proactor::apps::parse_server_flags(
      argc, argv, "proactor-echo-server", "Sends every frame back to the client that sent it.");
  if (!options) return options.exit_code();

  proactor::apps::EchoHandler handler;
  proactor::Server server{options->config, handler};
  return proactor::apps::run_server(server, *options);
}
