#pragma once

#include "loadgen/loadgen_options.hpp"

namespace proactor::loadgen {

/// Runs the chat fan-out mode against a chat server at `options.host:port` and prints the
/// report (one message = one delivery to one member); returns the exit code (0 only when
/// every member received every message, once, intact and in order). Main thread; bounded in
/// time.
int run_chat(const LoadgenOptions& options);

}  // namespace proactor::loadgen
