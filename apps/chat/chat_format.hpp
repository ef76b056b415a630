#pragma once

#include "chat/chat_event.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace proactor::chat {

/// The line `proactor-chat-client` prints for `event`, without a line break, as seen by the
/// user called `my_nick`; nullopt for events that print nothing (pong). Pure; any thread.
///
///   [room] nick: text          * nick joined room           * nick left room
///   [pm from nick] text        [pm to nick] text            ! error: text
///   rooms: lobby (2), dev (1)  users in lobby: alice, bob   * old is now known as new
std::optional<std::string> format_event(const Event& event, std::string_view my_nick);

}  // namespace proactor::chat
