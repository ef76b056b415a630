#pragma once

#include "chat/chat_event.hpp"
#include "chat/chat_protocol.hpp"
#include "chat/chat_request.hpp"
#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/frame.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace proactor::chat {

/// How chat messages become payload bytes, chosen by `--codec`: the binary layout of
/// docs/protocol/chat.md, or Protocol Buffers (docs/protocol/chat.proto), either optionally
/// behind the Snappy payload layer. The conversation is the same on every wire; framing
/// (`--framing`) is separate and wraps whatever the wire produces.
///
/// Implementations are immutable: one wire serves every session on every thread.
class ChatWire
{
 public:
  virtual ~ChatWire() = default;

  /// Reads a request payload into `out`. `type` gets the request's type whenever the payload
  /// names one (also on an error, for the error event), else stays 0. Returns `none`,
  /// `malformed` or `unknown_type`. Any thread.
  virtual ErrorCode parse(ConstBytes payload, Request& out, MessageType& type) const = 0;
  /// Reads an event payload into `out`; returns `none`, `malformed` or `unknown_type`. Any
  /// thread.
  virtual ErrorCode parse(ConstBytes payload, Event& out) const = 0;

  /// The payload of `event`, with front room for a frame header; throws std::length_error
  /// when a field is longer than the wire allows. Any thread.
  virtual Buffer write(const Event& event) const = 0;
  /// The payload of `request`, as `write(const Event&)` makes it. Any thread.
  virtual Buffer write(const Request& request) const = 0;

  /// The spec this wire was made from ("binary", "protobuf,snappy"). Any thread.
  virtual std::string name() const = 0;

  /// Encodes `event` as one frame of `codec`, ready for any number of sessions; throws
  /// std::length_error when it does not fit. Any thread.
  Frame encode(const Event& event, const Codec& codec) const;
  /// Encodes `request` as one frame of `codec`; throws std::length_error when it does not
  /// fit. Any thread.
  Frame encode(const Request& request, const Codec& codec) const;
};

/// The binary wire of docs/protocol/chat.md, shared (it has no state). Any thread.
std::shared_ptr<const ChatWire> binary_wire();

/// Makes the wire named by `spec`: "binary" or "protobuf", optionally followed by ",snappy".
/// `max_payload` bounds what the Snappy layer decompresses. Throws std::invalid_argument with
/// a readable reason for an unknown spec or one this build left out. A protobuf wire also
/// calls `silence_protobuf_logs()`: libprotobuf would print a line for every bad string a
/// peer sends. Call from main (that part is process-wide).
std::shared_ptr<const ChatWire> make_chat_wire(std::string_view spec, std::size_t max_payload);

/// The wire specs this build accepts, for usage texts: e.g. "binary|protobuf[,snappy]".
std::string_view chat_wire_specs() noexcept;

}  // namespace proactor::chat
