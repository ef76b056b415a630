#pragma once

#include "chat/chat_limits.hpp"
#include "chat/chat_wire.hpp"
#include "common/flag_parser.hpp"
#include "common/server_flags.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace proactor::chat {

/// How `proactor-chat-server` runs: the common server flags plus the chat limits.
struct ChatServerOptions
{
  /// --host, --port, --threads, --logic-threads, --max-frame, --idle-timeout,
  /// --max-connections, --framing, and the session limits (--overflow-timeout).
  apps::ServerOptions server;
  /// --max-message, --max-rooms, --max-room-size, --max-msgs-per-sec, --burst.
  ChatLimits limits;
  /// --codec: how messages are encoded (binary, protobuf, either with ",snappy").
  std::shared_ptr<const ChatWire> wire = binary_wire();
  /// --redis unix:PATH | HOST:PORT: share rooms with the other servers on this Redis (empty:
  /// a server on its own, as without clustering).
  std::string redis;
  /// --node-id: this server's name in the cluster (default: host, process id, random part).
  std::string node_id;
  /// --presence-ttl: how long a silent server's members stay listed elsewhere.
  std::chrono::milliseconds presence_ttl{std::chrono::seconds(6)};
};

/// Parses the chat server's command line. Defaults differ from the echo server's where chat
/// needs it: `--max-frame` 64 KiB and the session watermarks of
/// `apply_chat_session_defaults`. On `--help` prints the usage to stdout; on a bad flag
/// prints one line to stderr; in both cases the result is empty and carries the exit code.
/// Call from main.
apps::ParseResult<ChatServerOptions> parse_chat_server_flags(int argc, char** argv);

}  // namespace proactor::chat
