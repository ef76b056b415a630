#pragma once

#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>
#include <proactor/net/decode_result.hpp>
#include <proactor/net/delimiter_codec.hpp>
#include <proactor/net/fixed_length_codec.hpp>
#include <proactor/net/frame.hpp>
#include <proactor/net/length_prefix_codec.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace proactor {

/// Any of the framing schemes a session can speak. A closed set held by value: decoding
/// dispatches without a virtual call or an allocation.
using Codec = std::variant<LengthPrefixCodec, DelimiterCodec, FixedLengthCodec>;

/// Finds the first frame at the front of `input` with `codec`.
DecodeResult decode(const Codec& codec, ConstBytes input);

/// Frames `payload` with `codec`, reusing its memory; throws std::length_error if the codec
/// cannot carry it.
Frame encode(const Codec& codec, Buffer&& payload);

/// Frames a copy of `payload` with `codec`: one allocation, one copy; throws
/// std::length_error if the codec cannot carry it.
Frame encode(const Codec& codec, std::string_view payload);

/// The bytes `payload` takes on the wire with `codec`; throws std::length_error when
/// `encode` would.
std::size_t wire_size(const Codec& codec, ConstBytes payload);

/// Writes `payload` framed with `codec` into `out`, which holds exactly
/// `wire_size(codec, payload)` bytes. No allocation.
void encode_to(const Codec& codec, ConstBytes payload, MutableBytes out) noexcept;

/// Largest payload `codec` accepts, in bytes.
std::size_t max_frame_size(const Codec& codec) noexcept;

/// Largest frame `codec` accepts on the wire, in bytes: payload plus header or delimiter.
std::size_t max_wire_size(const Codec& codec) noexcept;

/// Parses a codec name as given on a command line: "u32", "u16", "line", "crlf" or
/// "fixed:N" (N > 0); `max_frame` bounds payloads. Returns nullopt for anything else.
std::optional<Codec> parse_codec(std::string_view spec, std::size_t max_frame);

/// A one-line description for logs, e.g. "u32 length prefix, max 1048576".
std::string describe(const Codec& codec);

}  // namespace proactor
