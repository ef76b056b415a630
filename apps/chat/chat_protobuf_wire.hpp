#pragma once

#include "chat/chat_wire.hpp"

#include <string>

namespace proactor::chat {

/// The chat conversation in Protocol Buffers (docs/protocol/chat.proto): a request payload is
/// one `ClientMessage`, an event payload one `ServerMessage`, and the oneof case is the type.
/// Bytes that do not parse are `malformed`; a message with no case set is `unknown_type`.
class ProtobufChatWire final : public ChatWire
{
 public:
  /// Parses a ClientMessage. Any thread.
  ErrorCode parse(ConstBytes payload, Request& out, MessageType& type) const override;
  /// Parses a ServerMessage. Any thread.
  ErrorCode parse(ConstBytes payload, Event& out) const override;
  /// Serializes `event` as a ServerMessage. Any thread.
  Buffer write(const Event& event) const override;
  /// Serializes `request` as a ClientMessage. Any thread.
  Buffer write(const Request& request) const override;
  /// "protobuf". Any thread.
  std::string name() const override { return "protobuf"; }
};

}  // namespace proactor::chat
