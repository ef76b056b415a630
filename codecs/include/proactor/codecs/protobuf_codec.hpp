#pragma once

// Protocol Buffers messages as frame payloads: one frame carries exactly one message.
//
// The framing (a length prefix) says where a message ends, so the message itself carries no
// length. What it does not say is which message type the bytes hold; a protocol answers that
// with an envelope, one top-level message per direction whose `oneof` names the message, e.g.
//
//     message ClientMessage { oneof body { Hello hello = 1; Say say = 2; ... } }
//
// Both sides then parse every payload as the envelope and switch on the oneof case. An empty
// oneof (a payload of zero bytes parses as "nothing set") is for the protocol to refuse.
// docs/protocol/chat.proto is a complete example.
//
// Optional: this is the `proactor::protobuf` target, built only when protobuf is found; the
// rest of the framework never includes it.

#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/frame.hpp>

#include <boost/system/error_code.hpp>

namespace google::protobuf {
class MessageLite;
}

namespace proactor {

/// Serializes `message` into a new buffer that keeps `Buffer::kCheapPrepend` bytes of front
/// room for a frame header (or a payload flag). Throws std::length_error when the message is
/// larger than protobuf can encode (2 GiB). Any thread.
Buffer serialize_message(const google::protobuf::MessageLite& message);

/// Frames `message` with `codec`: one frame carries one message. Throws std::length_error when
/// the message is larger than `codec` can carry. Any thread.
Frame encode_message(const google::protobuf::MessageLite& message, const Codec& codec);

/// Parses `payload` into `message` (cleared first). Returns `error::malformed_frame` when the
/// bytes are not an encoding of `message`'s type: truncated, a bad wire type or tag, or invalid
/// UTF-8 in a proto3 string field. Any thread; `message` must not be shared.
boost::system::error_code parse_message(ConstBytes payload, google::protobuf::MessageLite& message);

/// Stops libprotobuf from printing its warnings and errors to stderr; fatal messages still
/// print. libprotobuf logs one line for every proto3 string with invalid UTF-8 it parses, so
/// without this a peer sending such frames writes the server's log for it. Process-wide (it
/// replaces libprotobuf's log handler); call from main before serving.
void silence_protobuf_logs() noexcept;

}  // namespace proactor
