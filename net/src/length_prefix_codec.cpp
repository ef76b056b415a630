#include <proactor/net/length_prefix_codec.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

namespace proactor {
namespace {

std::size_t largest_length(LengthPrefixCodec::Width width) noexcept
{
  if (width == LengthPrefixCodec::Width::u16) return std::numeric_limits<std::uint16_t>::max();
  // On a 32-bit target size_t cannot exceed the u32 range anyway.
  return static_cast<std::size_t>(std::numeric_limits<std::uint32_t>::max());
}

}  // namespace

LengthPrefixCodec::LengthPrefixCodec(Width width, std::size_t max_frame)
    : width_(width), max_frame_(std::min(max_frame, largest_length(width)))
{}

DecodeResult LengthPrefixCodec::decode(ConstBytes input) const noexcept
{
  const std::size_t header = header_size();
  if (input.size() < header) return DecodeResult::need_more(header);

  std::size_t length = 0;
  for (std::size_t i = 0; i < header; ++i) {
    length = (length << 8) | std::to_integer<std::size_t>(input[i]);
  }
  // Checked before anything waits for or sizes a buffer for the body: a hostile header
  // must not make us reserve gigabytes.
  if (length > max_frame_) return DecodeResult::failure(error::frame_too_large);

  const std::size_t total = header + length;
  if (input.size() < total) return DecodeResult::need_more(total);
  return DecodeResult::frame(input.subspan(header, length), total);
}

Frame LengthPrefixCodec::encode(Buffer&& payload) const
{
  const std::size_t length = payload.size();
  if (length > max_frame_) {
    throw std::length_error("LengthPrefixCodec::encode: payload exceeds max_frame");
  }
  const std::size_t header = header_size();
  std::array<std::byte, 4> bytes{};
  for (std::size_t i = 0; i < header; ++i) {
    bytes[i] = static_cast<std::byte>((length >> (8 * (header - 1 - i))) & 0xFFu);
  }
  const ConstBytes header_bytes(bytes.data(), header);

  if (payload.prependable_bytes() >= header) {
    payload.prepend(header_bytes);
    return Frame(std::move(payload));
  }
  // A payload built without front room costs one copy; PacketWriter and encode(string_view)
  // always leave room, so this is only for foreign buffers.
  Buffer wire(header + length, 0);
  wire.append(header_bytes);
  wire.append(payload.readable());
  return Frame(std::move(wire));
}

std::size_t LengthPrefixCodec::wire_size(ConstBytes payload) const
{
  if (payload.size() > max_frame_) {
    throw std::length_error("LengthPrefixCodec::encode: payload exceeds max_frame");
  }
  return header_size() + payload.size();
}

void LengthPrefixCodec::encode_to(ConstBytes payload, MutableBytes out) const noexcept
{
  const std::size_t header = header_size();
  const std::size_t length = payload.size();
  for (std::size_t i = 0; i < header; ++i) {
    out[i] = static_cast<std::byte>((length >> (8 * (header - 1 - i))) & 0xFFu);
  }
  if (length > 0) std::memcpy(out.data() + header, payload.data(), length);
}

}  // namespace proactor
