// proactor-calc-server: answers `lvalue op rvalue` requests (docs/protocol/calc.md).
//
//   proactor-calc-server --port 7000 --threads 2
//
// Prints `listening on HOST:PORT` once it accepts connections; SIGINT or SIGTERM stops it
// gracefully and it exits 0. A bad command line exits 2, a port in use 1.
#include "calc/calc_handler.hpp"
#include "common/server_flags.hpp"
#include <proactor/server/server.hpp>

int main(int argc, char* argv[])
{
  const auto options = proactor::apps::parse_server_flags(
      argc, argv, "proactor-calc-server",
      "Answers calculator requests: op (+ - * /) and two i32 operands in, a status and an\n"
      "i64 result out, one reply per request (docs/protocol/calc.md).");
  if (!options) return options.exit_code();

  proactor::calc::CalcHandler handler;
  proactor::Server server{options->config, handler};
  return proactor::apps::run_server(server, *options);
}
