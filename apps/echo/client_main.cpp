// proactor-echo-client: talks to an echo server through the framework's own client side.
//
//   proactor-echo-client --port 7000                        # stdin lines out, replies printed
//   proactor-echo-client --port 7000 --count 100000 --size 512 --connections 4
//
// Exits 0 only when every frame came back intact; 1 on a failure (e.g. nothing listening),
// 2 on a bad command line.
#include "common/messages.hpp"
#include "echo/echo_client.hpp"
#include "echo/echo_console.hpp"
#include "echo/echo_load.hpp"

#include <exception>

int main(int argc, char* argv[])
{
  const auto options = proactor::apps::parse_echo_client_flags(argc, argv);
  if (!options) return options.exit_code();

  try {
    if (options->count > 0) return proactor::apps::EchoLoad{*options}.run();
    return proactor::apps::EchoConsole{*options}.run();
  } catch (const std::exception& e) {
    proactor::apps::print_error(options->program, e.what());
    return 1;
  }
}
