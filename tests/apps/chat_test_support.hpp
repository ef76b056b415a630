#pragma once

// Helpers shared by the in-process chat tests: readable events in failure messages, and one
// request out or one event in over a blocking loopback client.

#include "chat/chat_event.hpp"
#include "chat/chat_format.hpp"
#include "chat/chat_request.hpp"
#include "loopback_client.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/net/packet_writer.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <type_traits>

namespace proactor::chat {

/// Readable failure messages: an event prints as the client would show it.
template <class T>
requires std::is_constructible_v<Event, T>
void PrintTo(const T& event, std::ostream* out)
{
  *out << "event 0x" << std::hex << int{static_cast<std::uint8_t>(type_of(Event{event}))}
       << std::dec << " \"" << format_event(Event{event}, "").value_or("") << '"';
}

}  // namespace proactor::chat

namespace proactor::test {

/// Sends `request` as one frame; false on error or timeout.
inline bool send_request(LoopbackClient& client, const chat::Request& request)
{
  PacketWriter writer;
  chat::write(writer, request);
  return client.write_frame(as_string_view(writer.bytes()));
}

/// The next event, or nullopt on timeout, close or a payload that does not parse.
inline std::optional<chat::Event> read_event(LoopbackClient& client,
                                             std::chrono::milliseconds timeout = kDeadline)
{
  const auto payload = client.read_frame(timeout);
  chat::Event event;
  if (!payload || chat::parse(as_bytes(*payload), event) != chat::ErrorCode::none)
    return std::nullopt;
  return event;
}

}  // namespace proactor::test
