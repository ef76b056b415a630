#pragma once

#include "loadgen/loadgen_options.hpp"

namespace proactor::loadgen {

/// Runs the pingpong, pipeline or idle mode against an echo server at `options.host:port`
/// and prints the report; returns the exit code (0 only when every connection was made and
/// every reply arrived intact). Main thread; blocks for the run, which is bounded in time.
int run_echo(const LoadgenOptions& options);

}  // namespace proactor::loadgen
