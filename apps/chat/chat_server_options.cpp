#include "chat/chat_server_options.hpp"

#include "chat/chat_protocol.hpp"

#include <cstdint>
#include <iostream>
#include <stdexcept>
#include <string>
#include <variant>

namespace proactor::chat {
namespace {

// Room for the fields around a message: type byte, room, nickname and their lengths.
constexpr std::size_t kEventOverhead = 1 + 3 * 2 + 2 * kMaxNameLength;

}  // namespace

apps::ParseResult<ChatServerOptions> parse_chat_server_flags(int argc, char** argv)
{
  ChatServerOptions options;
  apps::ServerOptions& server = options.server;
  server.program = "proactor-chat-server";
  server.max_frame = kChatMaxFrame;
  apply_chat_session_defaults(server.config.session);

  apps::FlagParser flags{server.program,
                         "A chat server: nicknames, rooms, private messages "
                         "(protocol: docs/protocol/chat.md)."};
  apps::add_server_flags(flags, server);
  flags.add_duration("overflow-timeout", server.config.session.overflow_timeout,
                     "disconnect a client that reads nothing this long while its queue is full");
  flags.add_count("max-message", options.limits.max_message, "longest chat message, in bytes", 1,
                  UINT16_MAX);
  flags.add_count("max-rooms", options.limits.max_rooms, "most rooms at once", 1);
  flags.add_count("max-room-size", options.limits.max_room_size, "most members of one room", 1);
  std::size_t max_msgs_per_sec = options.limits.max_msgs_per_sec;
  flags.add_count("max-msgs-per-sec", max_msgs_per_sec,
                  "say and private messages per second per session (0: no limit)", 0, UINT32_MAX);
  std::size_t burst = options.limits.burst;
  flags.add_count("burst", burst,
                  "messages that may come at once before the rate applies (0: the rate)", 0,
                  UINT32_MAX);
  std::string codec = "binary";
  flags.add_string("codec", codec, std::string(chat_wire_specs()),
                   "message encoding (docs/protocol/chat.md, Codecs)");
  flags.add_string("redis", options.redis, "unix:PATH|HOST:PORT",
                   "share rooms with other servers through this Redis (docs/scale-out.md)");
  flags.add_string("node-id", options.node_id, "NAME",
                   "this server's name in the cluster (default: host-pid-random)");
  flags.add_duration("presence-ttl", options.presence_ttl,
                     "a clustered server silent this long is gone, with its users");
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return apps::ParseResult<ChatServerOptions>::exit(*exit_code);

  if (flags.seen("burst") && max_msgs_per_sec == 0)
    return apps::ParseResult<ChatServerOptions>::exit(
        flags.fail("--burst needs a --max-msgs-per-sec above 0", std::cerr));
  options.limits.max_msgs_per_sec = static_cast<std::uint32_t>(max_msgs_per_sec);
  options.limits.burst = static_cast<std::uint32_t>(burst);

  if (const auto exit_code = apps::apply_server_flags(server))
    return apps::ParseResult<ChatServerOptions>::exit(*exit_code);
  if (!std::holds_alternative<LengthPrefixCodec>(server.config.session.codec))
    return apps::ParseResult<ChatServerOptions>::exit(
        flags.fail("chat needs a length-prefix framing: --framing u32 or u16", std::cerr));
  if (max_frame_size(server.config.session.codec) < options.limits.max_message + kEventOverhead)
    return apps::ParseResult<ChatServerOptions>::exit(
        flags.fail("--max-frame must exceed --max-message by at least " +
                       std::to_string(kEventOverhead) + " bytes",
                   std::cerr));
  if (!options.redis.empty() && !PROACTOR_CHAT_REDIS)
    return apps::ParseResult<ChatServerOptions>::exit(flags.fail(
        "--redis: this build has no Redis support (PROACTOR_WITH_REDIS=OFF)", std::cerr));
  if (!options.redis.empty() && options.presence_ttl < std::chrono::milliseconds(300))
    return apps::ParseResult<ChatServerOptions>::exit(
        flags.fail("--presence-ttl must be at least 300ms", std::cerr));
  try {
    options.wire = make_chat_wire(codec, max_frame_size(server.config.session.codec));
  } catch (const std::invalid_argument& e) {
    return apps::ParseResult<ChatServerOptions>::exit(flags.fail(e.what(), std::cerr));
  }
  return options;
}

}  // namespace proactor::chat
