#pragma once

#include "chat/chat_wire.hpp"
#include <proactor/codecs/snappy_codec.hpp>

#include <cstddef>
#include <memory>

namespace proactor::chat {

/// Any chat wire behind the Snappy payload layer: payloads are compressed per frame when it
/// pays (proactor::SnappyCodec), and a frame that would decompress past `max_payload` is
/// `malformed` without being decompressed.
class SnappyChatWire final : public ChatWire
{
 public:
  /// Wraps `inner`; `max_payload` bounds a decompressed payload. Any thread.
  SnappyChatWire(std::shared_ptr<const ChatWire> inner, std::size_t max_payload);

  /// Unwraps, then parses with the inner wire. Any thread.
  ErrorCode parse(ConstBytes payload, Request& out, MessageType& type) const override;
  /// Unwraps, then parses with the inner wire. Any thread.
  ErrorCode parse(ConstBytes payload, Event& out) const override;
  /// Writes with the inner wire, then wraps. Any thread.
  Buffer write(const Event& event) const override;
  /// Writes with the inner wire, then wraps. Any thread.
  Buffer write(const Request& request) const override;
  /// The inner wire's name and ",snappy". Any thread.
  std::string name() const override;

 private:
  template <class Message, class... Type>
  ErrorCode unwrapped(ConstBytes payload, Message& out, Type&... type) const;

  std::shared_ptr<const ChatWire> inner_;
  SnappyCodec snappy_;
};

}  // namespace proactor::chat
