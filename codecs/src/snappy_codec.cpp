#include <proactor/codecs/snappy_codec.hpp>
#include <proactor/net/error.hpp>

#include <cstring>
#include <snappy.h>

namespace proactor {
namespace {

constexpr std::byte flag_byte(SnappyCodec::Flag flag) noexcept
{
  return static_cast<std::byte>(flag);
}

const char* chars(ConstBytes bytes) noexcept
{
  // Viewing bytes through char is the one aliasing the language allows.
  return reinterpret_cast<const char*>(bytes.data());
}

// Compresses `payload` into a new buffer after a snappy flag; empty when that saves nothing.
Buffer compress(ConstBytes payload)
{
  Buffer out(0);
  const MutableBytes room = out.prepare(1 + snappy::MaxCompressedLength(payload.size()));
  room[0] = flag_byte(SnappyCodec::Flag::snappy);
  std::size_t length = 0;
  snappy::RawCompress(chars(payload), payload.size(), reinterpret_cast<char*>(room.data() + 1),
                      &length);
  if (length >= payload.size()) return Buffer(0);
  out.commit(1 + length);
  return out;
}

}  // namespace

Buffer SnappyCodec::wrap(Buffer&& payload) const
{
  if (payload.size() >= threshold_) {
    if (Buffer compressed = compress(payload.readable()); !compressed.empty()) return compressed;
  }
  // Leaving room for a u32 frame header after the flag keeps the framing copy-free too.
  constexpr std::size_t kRoom = 1 + 4;
  if (payload.prependable_bytes() >= kRoom) {
    const std::byte flag[] = {flag_byte(Flag::stored)};
    payload.prepend(flag);
    return std::move(payload);
  }
  return wrap(payload.readable());
}

Buffer SnappyCodec::wrap(ConstBytes payload) const
{
  if (payload.size() >= threshold_) {
    if (Buffer compressed = compress(payload); !compressed.empty()) return compressed;
  }
  Buffer out(0);
  const MutableBytes room = out.prepare(1 + payload.size());
  room[0] = flag_byte(Flag::stored);
  if (!payload.empty()) std::memcpy(room.data() + 1, payload.data(), payload.size());
  out.commit(room.size());
  return out;
}

boost::system::error_code SnappyCodec::unwrap(ConstBytes wrapped, Buffer& scratch,
                                              ConstBytes& payload) const
{
  if (wrapped.empty()) return error::malformed_frame;
  const ConstBytes body = wrapped.subspan(1);
  switch (static_cast<Flag>(wrapped[0])) {
    case Flag::stored:
      if (body.size() > max_payload_) return error::decompressed_too_large;
      payload = body;
      return {};
    case Flag::snappy: {
      // The announced length is a varint at the block's start: reading it costs nothing and
      // decides before a single byte is allocated.
      std::size_t length = 0;
      if (!snappy::GetUncompressedLength(chars(body), body.size(), &length))
        return error::malformed_frame;
      if (length > max_payload_) return error::decompressed_too_large;
      scratch.clear();
      const MutableBytes room = scratch.prepare(length);
      if (!snappy::RawUncompress(chars(body), body.size(), reinterpret_cast<char*>(room.data())))
        return error::malformed_frame;
      scratch.commit(length);
      payload = scratch.readable();
      return {};
    }
  }
  return error::malformed_frame;
}

}  // namespace proactor
