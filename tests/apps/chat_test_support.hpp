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

/// A blocking chat client; every read is bounded by kDeadline.
struct ChatLoopbackClient
{
  LoopbackClient socket;

  explicit ChatLoopbackClient(std::uint16_t port) : socket(port) {}

  bool send(const chat::Request& request) { return send_request(socket, request); }

  std::optional<chat::Event> next() { return read_event(socket); }

  // hello, nickname, room: three requests, three answers.
  bool login(const std::string& nick, const std::string& room)
  {
    send(chat::HelloRequest{});
    send(chat::NickRequest{nick});
    send(chat::JoinRequest{room});
    const auto welcome = next();
    const auto named = next();
    const auto joined = next();
    return welcome && std::holds_alternative<chat::WelcomeEvent>(*welcome) && named &&
           std::holds_alternative<chat::NickEvent>(*named) && joined &&
           *joined == chat::Event{chat::JoinedEvent{room, nick}};
  }

  // True when the server answers a ping with nothing pending before the pong.
  bool nothing_pending()
  {
    send(chat::PingRequest{99});
    const auto event = next();
    return event && *event == chat::Event{chat::PongEvent{99}};
  }
};

}  // namespace proactor::test
