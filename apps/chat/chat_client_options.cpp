#include "chat/chat_client_options.hpp"

#include "chat/chat_limits.hpp"
#include "chat/chat_protocol.hpp"
#include <proactor/session/session_config.hpp>

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
                         "TEXT, /rooms, /who, /quit, /help);\neach event is printed as one line."};
  flags.add_string("host", options.host, "HOST", "server address or name");
  flags.add_port("port", options.port, "server port", 1);
  flags.add_string("nick", options.nick, "NAME", "nickname (1-32 of A-Z a-z 0-9 _ -)");
  flags.add_string("room", options.room, "ROOM", "room to join at once");
  apps::add_client_tls_flags(flags, options.tls);
  flags.add_duration("timeout", options.timeout, "limit for connecting");
  std::string codec = "binary";
  flags.add_string("codec", codec, std::string(chat_wire_specs()),
                   "message encoding, as the server's --codec");
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return apps::ParseResult<ChatClientOptions>::exit(*exit_code);

  const auto fail = [&](std::string_view message) {
    return apps::ParseResult<ChatClientOptions>::exit(flags.fail(message, std::cerr));
  };
  if (!flags.seen("port")) return fail("missing required flag '--port'");
  if (!flags.seen("nick")) return fail("missing required flag '--nick'");
  if (!is_valid_name(options.nick))
    return fail("invalid nickname '" + options.nick + "': use 1-32 of A-Z a-z 0-9 _ -");
  if (!options.room.empty() && !is_valid_name(options.room))
    return fail("invalid room name '" + options.room + "': use 1-32 of A-Z a-z 0-9 _ -");
  if (options.timeout.count() == 0) return fail("'--timeout' must be longer than 0");
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
