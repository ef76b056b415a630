// proactor-loadgen: loads an echo or chat server over loopback, verifies every byte and
// reports throughput and latency. See --help and docs/benchmarks.md.
#include "loadgen/chat_run.hpp"
#include "loadgen/echo_run.hpp"
#include "loadgen/loadgen_options.hpp"

#include <csignal>

int main(int argc, char** argv)
{
  using namespace proactor::loadgen;
  // A server that vanishes mid-write must be an error line, not a silent death.
  std::signal(SIGPIPE, SIG_IGN);
  const auto options = parse_loadgen_flags(argc, argv);
  if (!options) return options.exit_code();
  return options->mode == Mode::chat ? run_chat(*options) : run_echo(*options);
}
