#pragma once

#include "process.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proactor::test {

/// What a program that ran to its end left behind.
struct Finished
{
  /// Its exit code (-N when killed by signal N); nullopt if it did not exit in time.
  std::optional<int> exit_code;
  /// Everything it wrote to stdout.
  std::string out;
  /// Everything it wrote to stderr.
  std::string err;
};

/// Runs program `name` of this build with `args` and no stdin until it exits; every wait is
/// bounded by kDeadline. Throws std::system_error if it cannot be started.
Finished run_to_exit(std::string_view name, const std::vector<std::string>& args);

/// How many '\n' `text` holds.
std::size_t count_lines(std::string_view text);

/// The operating system's text for "address in use", as a program prints it ("Address already
/// in use" on Linux; Winsock's own text, or Wine's "Unknown error (10048)", on Windows).
std::string address_in_use_text();

/// Reads the server's first stdout line and returns the port it announces; 0 (after a test
/// failure) if the line is missing or not exactly `listening on 127.0.0.1:PORT`.
std::uint16_t wait_until_listening(ChildProcess& server);

/// A server program of this build, started on 127.0.0.1 port 0 and waited for until it
/// announced its port. Not thread safe; one owner (the test).
struct ServerProcess
{
  /// Starts program `name` with `--port 0` and `args`; `port` is 0 (after a test failure)
  /// if it did not come up.
  explicit ServerProcess(std::string_view name, std::vector<std::string> args = {});

  /// Stops the server the way an operator would (SIGTERM) and expects it to exit 0.
  void stop_and_expect_clean_exit();

  /// The running program: its output, signals, exit.
  ChildProcess process;
  /// The port it announced; 0 if it did not come up.
  std::uint16_t port = 0;
};

}  // namespace proactor::test
