#pragma once

#include "common/flag_parser.hpp"
#include <proactor/tls/tls_context.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace proactor::loadgen {

/// What the load generator does to the server.
enum class Mode : std::uint8_t
{
  /// One frame in flight per connection: each reply releases the next frame.
  pingpong,
  /// `window` frames in flight per connection.
  pipeline,
  /// Holds `connections` open and silent for `hold`, checking each answers before and after.
  idle,
  /// Chat fan-out: every connection joins one room of a chat server; `senders` of them say
  /// messages and every member's copy is checked and timed.
  chat,
};

/// The command line of `proactor-loadgen`, validated.
struct LoadgenOptions
{
  /// The program's name, which starts every line it prints to stderr.
  std::string program = "proactor-loadgen";
  Mode mode = Mode::pingpong;
  /// The server; a loopback address only (this tool must never load someone else's host).
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::size_t connections = 100;
  /// Payload bytes per frame (chat: bytes of text per message).
  std::size_t size = 64;
  /// Frames in flight per connection (pipeline; chat: messages in flight per sender).
  std::size_t window = 16;
  /// Measured phase; replies outside it are neither counted nor timed.
  std::chrono::milliseconds duration{10'000};
  /// Traffic before the measured phase, to reach a steady state.
  std::chrono::milliseconds warmup{2'000};
  /// Idle mode: how long the connections are held silent.
  std::chrono::milliseconds hold{10'000};
  /// Limit for connecting and for any reply to be overdue; the run fails after it.
  std::chrono::milliseconds timeout{10'000};
  /// Client threads (each with its own event loop and share of the connections).
  std::size_t threads = 1;
  /// Open loop: frames per second over all connections, sent on a fixed schedule whatever
  /// the replies do; latency counts from the scheduled time (no coordinated omission).
  /// 0 = closed loop.
  double rate = 0;
  /// Chat: how many of the connections send.
  std::size_t senders = 1;
  /// Chat: the room every connection joins.
  std::string room = "loadgen";
  /// Speak TLS to the server, without verifying its certificate (loopback measurements).
  bool tls = false;
  /// Print one JSON object instead of the text report.
  bool json = false;
  /// A live progress line on stderr; on by default when stderr is a terminal.
  bool progress = false;

  /// The frames in flight per connection this mode keeps in the closed loop.
  std::size_t in_flight() const noexcept { return mode == Mode::pingpong ? 1 : window; }
};

/// The name of a mode on the command line ("pingpong", ...).
const char* to_string(Mode mode) noexcept;

/// Parses and validates the command line. `--help` prints the usage and exits 0; a bad flag
/// prints one line and exits `kUsageExitCode`.
apps::ParseResult<LoadgenOptions> parse_loadgen_flags(int argc, char** argv);

/// The client context of `--tls`: TLS 1.2+ without certificate checks (a loopback
/// instrument measures the server; it does not authenticate it). Any thread.
tls::TlsContext insecure_tls_context();

/// True when `host` is a loopback address literal (127.0.0.0/8 or ::1) or "localhost".
bool is_loopback_host(const std::string& host);

}  // namespace proactor::loadgen
