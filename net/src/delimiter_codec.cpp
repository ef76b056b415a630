#include <proactor/net/delimiter_codec.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace proactor {

DelimiterCodec::DelimiterCodec(std::string delimiter, std::size_t max_line, bool strip_cr)
    : delimiter_(std::move(delimiter)),
      // Keeps max_wire_size() from overflowing.
      max_line_(
          std::min(max_line, std::numeric_limits<std::size_t>::max() - delimiter_.size() - 1)),
      strip_cr_(strip_cr)
{
  if (delimiter_.empty()) throw std::invalid_argument("DelimiterCodec: empty delimiter");
}

DecodeResult DelimiterCodec::decode(ConstBytes input) const noexcept
{
  // Only a delimiter that ends within max_wire_size() bytes can end a valid line, so the
  // search never looks further and a peer that never sends one is cut off at the limit.
  const std::size_t limit = max_wire_size();
  const std::size_t window = std::min(input.size(), limit);
  const std::string_view text = as_string_view(input.first(window));
  const std::size_t at = text.find(delimiter_);
  if (at == std::string_view::npos) {
    if (window == limit) return DecodeResult::failure(error::frame_too_large);
    return DecodeResult::need_more(0);
  }

  std::size_t length = at;
  if (strips_cr() && length > 0 && text[length - 1] == '\r') --length;
  // The window allows one byte for a '\r' that turned out not to be there.
  if (length > max_line_) return DecodeResult::failure(error::frame_too_large);
  return DecodeResult::frame(input.first(length), at + delimiter_.size());
}

std::size_t DelimiterCodec::max_wire_size() const noexcept
{
  return max_line_ + (strips_cr() ? 1 : 0) + delimiter_.size();
}

bool DelimiterCodec::strips_cr() const noexcept
{
  return strip_cr_ && delimiter_ == "\n";
}

bool DelimiterCodec::ends_cleanly(std::string_view payload) const
{
  if (payload.find(delimiter_) != std::string_view::npos) return false;
  // With a multi-byte delimiter the payload's tail and the delimiter could together hold an
  // earlier match ("xa" + "aa"), and the peer would then split the frame in the wrong place.
  const std::size_t overlap = std::min(payload.size(), delimiter_.size() - 1);
  std::string joined(payload.substr(payload.size() - overlap));
  joined += delimiter_;
  return joined.find(delimiter_) == overlap;
}

Frame DelimiterCodec::encode(Buffer&& payload) const
{
  if (payload.size() > max_line_) {
    throw std::length_error("DelimiterCodec::encode: payload exceeds max_line");
  }
  if (!ends_cleanly(as_string_view(payload.readable()))) {
    throw std::length_error("DelimiterCodec::encode: payload contains the delimiter");
  }
  payload.append(delimiter_);
  return Frame(std::move(payload));
}

std::size_t DelimiterCodec::wire_size(ConstBytes payload) const
{
  if (payload.size() > max_line_) {
    throw std::length_error("DelimiterCodec::encode: payload exceeds max_line");
  }
  if (!ends_cleanly(as_string_view(payload))) {
    throw std::length_error("DelimiterCodec::encode: payload contains the delimiter");
  }
  return payload.size() + delimiter_.size();
}

void DelimiterCodec::encode_to(ConstBytes payload, MutableBytes out) const noexcept
{
  if (!payload.empty()) std::memcpy(out.data(), payload.data(), payload.size());
  std::memcpy(out.data() + payload.size(), delimiter_.data(), delimiter_.size());
}

}  // namespace proactor
