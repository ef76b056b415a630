#pragma once

#include <proactor/session/session_config.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace proactor::chat {

/// The chat server's limits (docs/protocol/chat.md, "Limits"); each has a server flag.
struct ChatLimits
{
  /// Default of `max_message`.
  static constexpr std::size_t kDefaultMaxMessage = 1024;
  /// Default of `max_rooms`.
  static constexpr std::size_t kDefaultMaxRooms = 1000;
  /// Default of `max_room_size`.
  static constexpr std::size_t kDefaultMaxRoomSize = 1000;

  /// `--max-message`: longest text of a say or private message, in bytes.
  std::size_t max_message = kDefaultMaxMessage;
  /// `--max-rooms`: most rooms that exist at once (a room exists while it has members).
  std::size_t max_rooms = kDefaultMaxRooms;
  /// `--max-room-size`: most members of one room.
  std::size_t max_room_size = kDefaultMaxRoomSize;
  /// `--max-msgs-per-sec`: say and private messages one session may send per second (a
  /// token bucket, `RateLimit`); one over the rate is refused with `rate_limited`. 0, the
  /// default: no limit.
  std::uint32_t max_msgs_per_sec = 0;
  /// `--burst`: how many messages a session may send at once before the rate applies (the
  /// bucket's size); 0, the default: the same as `max_msgs_per_sec`, at least 1.
  std::uint32_t burst = 0;
};

/// Default `--max-frame` of the chat server: a message is at most about 1 KiB, a room or
/// user list at most about 36 KiB with the default limits.
inline constexpr std::size_t kChatMaxFrame = 64 * 1024;

/// Tightens the framework's session defaults for a chat server, where most bytes a session
/// queues are other people's messages: at 256 KiB queued a client is not writable and chat
/// messages to it are dropped; one that stays so for `overflow_timeout` (10 s) is
/// disconnected; 1 MiB queued is a hard cap. Call before the server starts.
inline void apply_chat_session_defaults(SessionConfig& config)
{
  config.high_watermark = 256 * 1024;
  config.low_watermark = 64 * 1024;
  config.max_queued_bytes = 1024 * 1024;
  config.overflow_timeout = std::chrono::seconds(10);
}

}  // namespace proactor::chat
