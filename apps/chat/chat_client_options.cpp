#include "chat/chat_client_options.hpp"

#include "chat/chat_limits.hpp"
#include "chat/chat_protocol.hpp"
#include <proactor/session/session_config.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace proactor::chat {

ConnectOptions ChatClientOptions::connect_options() const
{
  auto config = std::make_shared<SessionConfig>(*ConnectOptions::default_client_config());
  // The keepalive ping keeps the server's idle timer happy; ours waits for the user.
  config->idle_timeout = std::chrono::milliseconds::zero();
  // A server that paces us (it stops reading while the room's slowest member catches up)
  // keeps our queue full for as long as that takes: the stall timeout, which looks at what
  // the server sends, decides when it is too long, not the time spent unwritable.
  config->overflow_timeout = std::chrono::hours(24 * 365);
  return ConnectOptions{.host = host,
                        .port = port,
                        .timeout = timeout,
                        .config = std::move(config),
                        .transport = transport};
}

apps::ParseResult<ChatClientOptions> parse_chat_client_flags(int argc, char** argv)
{
  ChatClientOptions options;
  apps::FlagParser flags{options.program,
                         "Chats with a proactor-chat-server: each stdin line is said to the "
                         "room, or is a\ncommand (/join ROOM, /leave, /nick NAME, /msg NICK "
                         "TEXT, /rooms, /who, /quit, /help);\neach event is printed as one line. "
                         "At stdin's end it waits until the server has\nhandled every line, "
                         "leaves the room and exits 0 (1 if the server never answered)."};
  flags.add_string("host", options.host, "HOST", "server address or name");
  flags.add_port("port", options.port, "server port", 1);
  flags.add_string("nick", options.nick, "NAME",
                   "nickname to take at once (1-32 of A-Z a-z 0-9 _ -); else /nick NAME");
  flags.add_string("room", options.room, "ROOM", "room to join at once (needs --nick)");
  flags.add_flag("keep-open", options.keep_open,
                 "at stdin's end stay in the room, printing, until killed or disconnected");
  apps::add_client_tls_flags(flags, options.tls);
  flags.add_duration("timeout", options.timeout, "limit for connecting");
  flags.add_duration("drain-timeout", options.drain_wait,
                     "at stdin's end, limit for the server to answer what was sent");
  flags.add_duration("stall-timeout", options.stall_timeout,
                     "exit 1 when the server sends nothing for this long; 0 waits for ever");
  std::string codec = "binary";
  flags.add_string("codec", codec, std::string(chat_wire_specs()),
                   "message encoding, as the server's --codec");
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return apps::ParseResult<ChatClientOptions>::exit(*exit_code);

  const auto fail = [&](std::string_view message) {
    return apps::ParseResult<ChatClientOptions>::exit(flags.fail(message, std::cerr));
  };
  if (!flags.seen("port")) return fail("missing required flag '--port'");
  if (flags.seen("nick") && !is_valid_name(options.nick))
    return fail("invalid nickname '" + options.nick + "': use 1-32 of A-Z a-z 0-9 _ -");
  if (!options.room.empty() && !is_valid_name(options.room))
    return fail("invalid room name '" + options.room + "': use 1-32 of A-Z a-z 0-9 _ -");
  if (!options.room.empty() && options.nick.empty())
    return fail("'--room' needs '--nick' (or send /nick NAME, then /join ROOM)");
  if (options.timeout.count() == 0) return fail("'--timeout' must be longer than 0");
  if (options.drain_wait.count() == 0) return fail("'--drain-timeout' must be longer than 0");
  if (options.stall_timeout.count() != 0) {
    if (options.stall_timeout < std::chrono::milliseconds(100))
      return fail("'--stall-timeout' must be 0 or at least 100ms");
    options.keepalive = std::min(options.keepalive, options.stall_timeout / 2);
  }
  try {
    options.wire = make_chat_wire(codec, kChatMaxFrame);
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  }
  if (const auto exit_code = apps::apply_client_tls_flags(options.program, options.tls,
                                                          options.timeout, options.transport))
    return apps::ParseResult<ChatClientOptions>::exit(*exit_code);
  return options;
}

}  // namespace proactor::chat
