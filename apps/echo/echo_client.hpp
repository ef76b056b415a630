#pragma once

#include "common/flag_parser.hpp"
#include "common/tls_flags.hpp"
#include <proactor/net/codec.hpp>
#include <proactor/net/length_prefix_codec.hpp>
#include <proactor/session/connector.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace proactor::apps {

/// How `proactor-echo-client` runs: the result of its flags.
struct EchoClientOptions
{
  /// The program's name, which starts every line it prints to stderr.
  std::string program = "proactor-echo-client";
  /// `--host`: the server's address or name.
  std::string host = "127.0.0.1";
  /// `--port`: the server's port (required).
  std::uint16_t port = 0;
  /// `--framing`: the codec spec; must match the server's.
  std::string framing = "u32";
  /// `--max-frame`: the largest reply accepted, in bytes.
  std::size_t max_frame = LengthPrefixCodec::kDefaultMaxFrame;
  /// `--timeout`: bounds the connect, and any wait for a reply.
  std::chrono::milliseconds timeout{10'000};
  /// `--tls`, `--tls-ca`, `--insecure`: TLS instead of plain TCP.
  ClientTlsFlags tls;
  /// Built from `tls` after parsing; null for plain TCP.
  std::shared_ptr<const Transport> transport;
  /// `--count`: frames to send in load mode; 0 selects interactive mode (stdin lines).
  std::size_t count = 0;
  /// `--size`: payload bytes per frame in load mode.
  std::size_t size = 64;
  /// `--connections`: connections sharing the `count` frames in load mode.
  std::size_t connections = 1;
  /// `--pipeline`: frames in flight per connection in load mode.
  std::size_t pipeline = 64;
  /// The codec built from `framing` and `max_frame`.
  Codec codec;

  /// What `async_connect` needs: host, port, timeout and a session config with `codec`.
  ConnectOptions connect_options() const;
  /// Most bytes (as framed on the wire) a connection keeps sent but not yet echoed. A session
  /// stops reading while it is not writable; a client that queued past its high watermark
  /// while the server echoes would stall both ends. Half the watermark keeps both reading.
  std::size_t max_in_flight_bytes() const;
};

/// Parses the client's command line. On `--help` prints the usage to stdout; on a bad flag
/// prints one line to stderr; in both cases the result is empty and carries the exit code.
ParseResult<EchoClientOptions> parse_echo_client_flags(int argc, char** argv);

/// Byte `index` of load-mode frame `seq`: varied so that a reordered, shifted or corrupted
/// reply is caught; printable when `printable` (delimiter framings must not see '\n').
inline char payload_byte(std::size_t index, std::size_t seq, bool printable) noexcept
{
  const std::size_t mixed = index * 31 + seq;
  return printable ? static_cast<char>('!' + mixed % 94) : static_cast<char>(mixed & 0xff);
}

}  // namespace proactor::apps
