#pragma once

#include "chat/chat_wire.hpp"
#include "common/flag_parser.hpp"
#include "common/tls_flags.hpp"
#include <proactor/session/connector.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace proactor::chat {

/// How `proactor-chat-client` runs: the result of its flags.
struct ChatClientOptions
{
  /// The program's name, which starts every line it prints to stderr.
  std::string program = "proactor-chat-client";
  /// `--host`: the server's address or name.
  std::string host = "127.0.0.1";
  /// `--port`: the server's port (required).
  std::uint16_t port = 0;
  /// `--nick`: the nickname to ask for at once (1-32 of A-Z a-z 0-9 _ -); empty asks for
  /// none, leaving it to a `/nick` line.
  std::string nick;
  /// `--room`: a room to join at once (needs `nick`); empty joins none.
  std::string room;
  /// `--timeout`: bounds the connect.
  std::chrono::milliseconds timeout{10'000};
  /// `--tls`, `--tls-ca`, `--insecure`: TLS instead of plain TCP.
  apps::ClientTlsFlags tls;
  /// Built from `tls` after parsing; null for plain TCP.
  std::shared_ptr<const Transport> transport;
  /// `--drain-timeout`: at stdin's end, the longest wait for the server to answer what was
  /// sent (once for the lines, once more for leaving the room).
  std::chrono::milliseconds drain_wait{30'000};
  /// `--stall-timeout`: give up when nothing at all comes from the server for this long
  /// (a healthy one answers the keepalive pings); zero waits for ever.
  std::chrono::milliseconds stall_timeout{60'000};
  /// `--keep-open`: at stdin's end, stay in the room printing events until the connection
  /// ends or the program is killed, instead of leaving and exiting.
  bool keep_open = false;
  /// `--codec`: how messages are encoded; must match the server's.
  std::shared_ptr<const ChatWire> wire = binary_wire();
  /// How often the client pings, so that neither side's idle timeout ends a quiet session:
  /// every 30 s, or half the stall timeout when that is shorter.
  std::chrono::milliseconds keepalive{30'000};

  /// What `async_connect` needs: host, port, timeout and a u32-framed session config.
  /// Any thread.
  ConnectOptions connect_options() const;
};

/// Parses the client's command line. On `--help` prints the usage to stdout; on a bad flag
/// prints one line to stderr; in both cases the result is empty and carries the exit code.
/// Call from main.
apps::ParseResult<ChatClientOptions> parse_chat_client_flags(int argc, char** argv);

}  // namespace proactor::chat
