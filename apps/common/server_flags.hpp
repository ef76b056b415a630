#pragma once

#include "common/flag_parser.hpp"
#include "common/tls_flags.hpp"
#include <proactor/net/codec.hpp>
#include <proactor/net/length_prefix_codec.hpp>
#include <proactor/server/server.hpp>
#include <proactor/server/server_config.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace proactor::apps {

/// Where a server program listens and how it runs: the result of the common server flags.
struct ServerOptions
{
  /// The program's name, which starts every line it prints to stderr.
  std::string program;
  /// `--host`: the address to listen on.
  std::string host = "127.0.0.1";
  /// `--port`: the port to listen on; 0 picks a free one (printed in the `listening on` line).
  std::uint16_t port = 0;
  /// `--framing`: the codec spec ("u32", "u16", "line", "crlf", "fixed:N").
  std::string framing = "u32";
  /// `--max-frame`: the largest payload accepted, in bytes.
  std::size_t max_frame = LengthPrefixCodec::kDefaultMaxFrame;
  /// `--tls-cert`, `--tls-key`, `--tls-ca`: TLS instead of plain TCP.
  ServerTlsFlags tls;
  /// Everything else; `config.session.codec` is built from `framing` and `max_frame`,
  /// `config.transport` from `tls`.
  ServerConfig config;
};

/// Registers `--framing SPEC` on `flags`, writing the (validated) spec into `spec`. Shared by
/// servers and clients, which must agree on it.
void add_framing_flag(FlagParser& flags, std::string& spec);

/// Builds the codec for a spec accepted by `add_framing_flag`, bounded by `max_frame`.
Codec make_codec(std::string_view spec, std::size_t max_frame);

/// Registers the common server flags on `flags`: --host, --port, --threads, --logic-threads,
/// --max-frame, --idle-timeout, --max-connections, --framing, the socket options
/// (--no-delay, --keepalive, --rcvbuf, --sndbuf, --reuse-port) and TLS (--tls-cert,
/// --tls-key, --tls-ca), writing into `options`. After parsing, call `apply_server_flags`.
/// For servers that add flags of their own.
void add_server_flags(FlagParser& flags, ServerOptions& options);

/// Completes `options` after parsing: builds `config.session.codec` and, with TLS flags,
/// `config.transport`. On a bad TLS setup (missing or unusable file, key not matching the
/// certificate) prints one line to stderr and returns the exit code (1); nullopt when done.
[[nodiscard]] std::optional<int> apply_server_flags(ServerOptions& options);

/// Parses the common server flags of `program` (described by `summary` in the usage text).
/// On `--help` prints the usage to stdout; on a bad flag prints one line to stderr; in both
/// cases the result is empty and carries the exit code (0 or `kUsageExitCode`).
ParseResult<ServerOptions> parse_server_flags(int argc, char** argv, std::string_view program,
                                              std::string_view summary);

/// Runs `server` as a program does: listens on `options.host:port`, prints exactly
/// `listening on HOST:PORT` to stdout (flushed), serves until SIGINT or SIGTERM, then prints
/// one line of metrics to stderr and returns 0. A failure (e.g. the port is in use) prints
/// one line to stderr and returns 1. Call from main.
int run_server(Server& server, const ServerOptions& options);

}  // namespace proactor::apps
