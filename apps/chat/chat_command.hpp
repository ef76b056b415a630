#pragma once

#include "chat/chat_request.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace proactor::chat {

/// What one line typed into `proactor-chat-client` asks for.
struct Command
{
  /// The kind of line.
  enum class Kind : std::uint8_t
  {
    /// Blank: nothing to do.
    nothing,
    /// Send `request` to the server.
    send,
    /// `/quit`: leave and exit.
    quit,
    /// `/help`: print `command_help()`.
    help,
    /// A mistake (unknown command, missing argument): print `error`.
    invalid,
  };

  Kind kind = Kind::nothing;  ///< what to do
  Request request;            ///< with `send`: the request
  std::string error;          ///< with `invalid`: what is wrong, for people
};

/// Parses one line (without its line break): plain text is said to the current room;
/// `/join ROOM`, `/leave`, `/nick NAME`, `/msg NICK TEXT`, `/rooms`, `/who [ROOM]`, `/quit`,
/// `/help`; a line starting with `//` says the text after the first '/'. Pure; any thread.
Command parse_command(std::string_view line);

/// The list of commands, one line of text. Pure; any thread.
std::string_view command_help() noexcept;

}  // namespace proactor::chat
