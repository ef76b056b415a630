#pragma once

#include "common/flag_parser.hpp"
#include <proactor/session/connector.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace proactor::calc {

/// How `proactor-calc-client` runs: the result of its flags.
struct CalcClientOptions
{
  /// The program's name, which starts every line it prints to stderr.
  std::string program = "proactor-calc-client";
  /// `--host`: the server's address or name.
  std::string host = "127.0.0.1";
  /// `--port`: the server's port (required).
  std::uint16_t port = 0;
  /// `--timeout`: bounds the connect, and any wait for a reply.
  std::chrono::milliseconds timeout{10'000};
  /// The expression given on the command line ("3 + 4"), its words joined by blanks; empty
  /// selects stdin mode.
  std::string expression;

  /// What `async_connect` needs: host, port, timeout and a u32-framed session config.
  /// Any thread.
  ConnectOptions connect_options() const;
};

/// Parses the client's command line, expression included. On `--help` prints the usage to
/// stdout; on a bad flag or expression prints one line to stderr; in both cases the result
/// is empty and carries the exit code. Call from main.
apps::ParseResult<CalcClientOptions> parse_calc_client_flags(int argc, char** argv);

}  // namespace proactor::calc
