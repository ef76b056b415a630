// Fuzzes FrameDecoder with every codec: u32 and u16 length prefix, delimiter, fixed length.
//
// One target for the four codecs: the first input byte picks the codec (and its delimiter),
// the second its limit, so the fuzzer explores configurations as well as streams, one
// corpus covers them all, and a time-boxed run spends its budget on one binary.
//
//     byte 0      codec: bits 0-1 kind (u32, u16, delimiter, fixed), bits 2-4 delimiter,
//                 bit 5 strip_cr
//     byte 1      max_frame / max_line (0-246, or a larger value from kLargeLimits), or the
//                 record size minus one
//     byte 2      n: how many chunk bytes follow (0-15)
//     n bytes     the chunk plan: bits 0-6 a chunk size, bit 7 "pause at the next frame"
//     the rest    the stream
//
// Invariants, each stopping the run with a trap:
//  - fed in chunks (prepare/commit, sizes from the plan) the stream yields the same frames
//    and the same error as fed whole, and without an error the same leftover bytes;
//  - re-encoding each frame with the codec gives back exactly the bytes it came from (a
//    "\r\n" line read with strip_cr comes from payload + "\r\n");
//  - no payload exceeds max_frame_size(codec); a fixed-length payload is one record;
//  - what the decoder holds after decoding is never a complete frame, and is less than
//    max_wire_size(codec); the codec on its own agrees (need_more, or the same error);
//  - prepare() offers at least the asked size, and never grows the buffer past twice the
//    bytes held plus one maximum-size frame (or the asked size, when larger): a header
//    cannot make it reserve more than the codec allows; the span may include free
//    capacity the buffer already had;
//  - any payload the encoder accepts (a prefix of the stream) decodes back to itself, except
//    the documented strip_cr case of a payload ending in '\r';
//  - a refused frame (on_frame returns false) is delivered again, unchanged;
//  - an error is sticky: more input delivers nothing and keeps the error.
#include "fuzz_support.hpp"
#include <proactor/net/codec.hpp>
#include <proactor/net/frame_decoder.hpp>

#include <boost/system/error_code.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using proactor::Codec;
using proactor::ConstBytes;
using proactor::DecodeResult;
using proactor::DelimiterCodec;
using proactor::FixedLengthCodec;
using proactor::FrameDecoder;
using proactor::LengthPrefixCodec;
using proactor::MutableBytes;
using proactor::fuzz::same;
using proactor::fuzz::starts_with;

// Limits reached through the top values of byte 1; the small ones cover the edges.
constexpr std::size_t kLargeLimits[] = {
    255,
    256,
    1000,
    4096,
    65535,
    65536,
    65537,
    LengthPrefixCodec::kDefaultMaxFrame,
    std::numeric_limits<std::size_t>::max(),
};
constexpr std::size_t kDirectLimits = 256 - std::size(kLargeLimits);

const std::string kDelimiters[] = {
    "\n", "\r\n", std::string(1, '\0'), "aa", "aba", "\r\n\r\n", "--", "\n\n",
};

std::size_t saturating_add(std::size_t a, std::size_t b)
{
  return a > std::numeric_limits<std::size_t>::max() - b ? std::numeric_limits<std::size_t>::max()
                                                         : a + b;
}

std::size_t pick_limit(std::uint8_t b)
{
  return b < kDirectLimits ? b : kLargeLimits[b - kDirectLimits];
}

Codec make_codec(std::uint8_t shape, std::uint8_t limit)
{
  switch (shape & 0x03u) {
    case 0:
      // A u32 header may announce up to 4 GiB, and prepare() would rightly reserve that
      // much for a frame the configuration allows; the default maximum stands in for "huge".
      return LengthPrefixCodec(LengthPrefixCodec::Width::u32,
                               std::min(pick_limit(limit), LengthPrefixCodec::kDefaultMaxFrame));
    case 1:
      return LengthPrefixCodec(LengthPrefixCodec::Width::u16, pick_limit(limit));
    case 2:
      return DelimiterCodec(kDelimiters[(shape >> 2) & 0x07u], pick_limit(limit),
                            (shape & 0x20u) != 0);
    default:
      return FixedLengthCodec(std::size_t{limit} + 1);
  }
}

// The "\n" codec with strip_cr: the only one whose frames do not all re-encode verbatim.
bool strips_cr(const Codec& codec)
{
  const auto* d = std::get_if<DelimiterCodec>(&codec);
  return d && d->strip_cr() && d->delimiter() == "\n";
}

struct Outcome
{
  std::vector<std::string> frames;
  boost::system::error_code error;
  std::size_t buffered = 0;
};

// More input must change nothing once the decoder has failed.
void check_sticky_error(FrameDecoder& decoder, ConstBytes more)
{
  const auto error = decoder.error();
  const std::size_t held = decoder.buffered();
  const auto reject = [](ConstBytes) { PROACTOR_FUZZ_FAIL("a frame after an error"); };
  PROACTOR_FUZZ_CHECK(decoder.feed(more, reject) == 0);
  PROACTOR_FUZZ_CHECK(decoder.error() == error);
  PROACTOR_FUZZ_CHECK(decoder.buffered() == held);

  const MutableBytes space = decoder.prepare(1);
  PROACTOR_FUZZ_CHECK(space.size() >= 1);
  space[0] = std::byte{'\n'};
  decoder.commit(1);
  PROACTOR_FUZZ_CHECK(decoder.decode(reject) == 0);
  PROACTOR_FUZZ_CHECK(decoder.error() == error);
}

Outcome feed_whole(const Codec& codec, ConstBytes stream)
{
  FrameDecoder decoder(codec);
  Outcome out;
  const std::size_t delivered =
      decoder.feed(stream, [&out](ConstBytes p) { out.frames.push_back(proactor::to_string(p)); });
  PROACTOR_FUZZ_CHECK(delivered == out.frames.size());
  out.error = decoder.error();
  out.buffered = decoder.buffered();
  if (out.error) check_sticky_error(decoder, stream);
  return out;
}

// Delivers the frames buffered now; on a pause step it first refuses one frame and checks
// that the next call offers the same bytes again.
void decode_step(FrameDecoder& decoder, bool pause, std::vector<std::string>& frames)
{
  const auto keep = [&frames](ConstBytes p) { frames.push_back(proactor::to_string(p)); };
  if (pause) {
    std::optional<std::string> refused;
    const std::size_t held = decoder.buffered();
    const std::size_t delivered = decoder.decode([&refused](ConstBytes p) {
      refused = proactor::to_string(p);
      return false;
    });
    PROACTOR_FUZZ_CHECK(delivered == 0);
    PROACTOR_FUZZ_CHECK(decoder.buffered() == held);
    if (refused) {
      bool first = true;
      decoder.decode([&](ConstBytes p) {
        if (first) PROACTOR_FUZZ_CHECK(same(p, proactor::as_bytes(*refused)));
        first = false;
        keep(p);
        return true;
      });
      PROACTOR_FUZZ_CHECK(!first);
    }
  }
  decoder.decode(keep);
}

Outcome feed_in_chunks(const Codec& codec, ConstBytes plan, ConstBytes stream)
{
  FrameDecoder decoder(codec);
  Outcome out;
  const std::size_t max_wire = proactor::max_wire_size(codec);
  std::size_t at = 0;
  std::size_t step = 0;
  std::size_t idle = 0;  // empty chunks in a row; a plan of only those must still progress
  while (at < stream.size() && !decoder.error()) {
    const auto code =
        plan.empty() ? std::uint8_t{0} : std::to_integer<std::uint8_t>(plan[step++ % plan.size()]);
    std::size_t n = plan.empty() ? stream.size() : std::size_t{code & 0x7fu};
    if (n == 0 && ++idle > plan.size()) n = 1;
    if (n != 0) idle = 0;
    n = std::min(n, stream.size() - at);

    const std::size_t capacity_before = decoder.capacity();
    const std::size_t held = decoder.buffered();
    const MutableBytes space = decoder.prepare(n);
    PROACTOR_FUZZ_CHECK(space.size() >= n);
    if (decoder.capacity() != capacity_before) {
      const std::size_t needed = saturating_add(held, std::max(n, max_wire));
      PROACTOR_FUZZ_CHECK(decoder.capacity() <= saturating_add(needed, needed));
    }
    if (n != 0) std::memcpy(space.data(), stream.data() + at, n);
    decoder.commit(n);
    at += n;

    decode_step(decoder, (code & 0x80u) != 0, out.frames);
    if (!decoder.error()) PROACTOR_FUZZ_CHECK(decoder.buffered() < max_wire);
    decoder.release_if_empty();
    if (decoder.buffered() == 0) PROACTOR_FUZZ_CHECK(decoder.capacity() == 0);
  }
  // An empty stream still gets one decode call, which must find nothing.
  if (stream.empty()) decode_step(decoder, false, out.frames);
  out.error = decoder.error();
  out.buffered = decoder.buffered();
  if (out.error) check_sticky_error(decoder, stream.subspan(at));
  return out;
}

// Walks the stream frame by frame with the codec's encoder: each frame's bytes on the wire
// are exactly its encoding. Returns where the last frame ended.
std::size_t check_reencoding(const Codec& codec, const std::vector<std::string>& frames,
                             ConstBytes stream)
{
  const auto* fixed = std::get_if<FixedLengthCodec>(&codec);
  std::size_t at = 0;
  for (const std::string& payload : frames) {
    PROACTOR_FUZZ_CHECK(payload.size() <= proactor::max_frame_size(codec));
    if (fixed) PROACTOR_FUZZ_CHECK(payload.size() == fixed->record_size());

    std::optional<proactor::Frame> wire;
    try {
      wire = proactor::encode(codec, payload);
    } catch (const std::length_error&) {
      PROACTOR_FUZZ_FAIL("a decoded payload does not encode");
    }
    const ConstBytes rest = stream.subspan(at);
    if (starts_with(rest, wire->bytes())) {
      at += wire->size();
      continue;
    }
    // A "\r\n" line: the decoder dropped the '\r', the encoder writes a bare "\n".
    PROACTOR_FUZZ_CHECK(strips_cr(codec));
    const std::string crlf = payload + "\r\n";
    PROACTOR_FUZZ_CHECK(starts_with(rest, proactor::as_bytes(crlf)));
    at += crlf.size();
  }
  return at;
}

// Encodes a payload cut from the stream (as long as the codec allows) and decodes it back:
// whatever the encoder accepts, the codec reads as the same single frame.
void check_round_trip(const Codec& codec, ConstBytes stream)
{
  const std::size_t longest = proactor::max_frame_size(codec);
  const std::string payload = proactor::to_string(stream.first(std::min(stream.size(), longest)));
  std::optional<proactor::Frame> wire;
  try {
    wire = proactor::encode(codec, payload);
  } catch (const std::length_error&) {
    // Only a delimiter inside the payload, or a record of the wrong size, is refused.
    PROACTOR_FUZZ_CHECK(!std::holds_alternative<LengthPrefixCodec>(codec));
    return;
  }
  const DecodeResult back = proactor::decode(codec, wire->bytes());
  PROACTOR_FUZZ_CHECK(back.status == DecodeResult::Status::frame);
  PROACTOR_FUZZ_CHECK(back.consumed == wire->size());
  // Documented: with strip_cr a payload's own trailing '\r' does not survive the trip.
  if (strips_cr(codec) && payload.ends_with('\r'))
    PROACTOR_FUZZ_CHECK(same(back.payload, proactor::as_bytes(payload).first(payload.size() - 1)));
  else
    PROACTOR_FUZZ_CHECK(same(back.payload, proactor::as_bytes(payload)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  proactor::fuzz::InputCursor input(proactor::fuzz::input_bytes(data, size));
  const std::uint8_t shape = input.byte();
  const std::uint8_t limit = input.byte();
  const ConstBytes plan = input.take(input.byte() & 0x0fu);
  const ConstBytes stream = input.rest();
  const Codec codec = make_codec(shape, limit);
  check_round_trip(codec, stream);

  const Outcome whole = feed_whole(codec, stream);
  const Outcome chunked = feed_in_chunks(codec, plan, stream);
  PROACTOR_FUZZ_CHECK(chunked.frames == whole.frames);
  PROACTOR_FUZZ_CHECK(chunked.error == whole.error);
  // After an error the chunked run stops reading, so only a clean stream leaves the same tail.
  if (!whole.error) PROACTOR_FUZZ_CHECK(chunked.buffered == whole.buffered);

  // What is left after the last frame: the decoder holds it, and the codec alone finds no
  // frame in it (need_more, or the same error).
  const std::size_t used = check_reencoding(codec, whole.frames, stream);
  const ConstBytes rest = stream.subspan(used);
  PROACTOR_FUZZ_CHECK(whole.buffered == rest.size());
  const DecodeResult last = proactor::decode(codec, rest);
  if (whole.error) {
    PROACTOR_FUZZ_CHECK(last.status == DecodeResult::Status::error);
    PROACTOR_FUZZ_CHECK(last.ec == whole.error);
  } else {
    PROACTOR_FUZZ_CHECK(last.status == DecodeResult::Status::need_more);
    PROACTOR_FUZZ_CHECK(rest.size() < proactor::max_wire_size(codec));
    if (last.total_needed != 0) {
      PROACTOR_FUZZ_CHECK(last.total_needed > rest.size());
      PROACTOR_FUZZ_CHECK(last.total_needed <= proactor::max_wire_size(codec));
    }
  }
  return 0;
}
