#include <proactor/net/fixed_length_codec.hpp>

#include <cstring>
#include <stdexcept>
#include <utility>

namespace proactor {

FixedLengthCodec::FixedLengthCodec(std::size_t record_size) : record_size_(record_size)
{
  // A zero-size record would make the decoder deliver frames forever without consuming.
  if (record_size_ == 0) throw std::invalid_argument("FixedLengthCodec: record size is 0");
}

DecodeResult FixedLengthCodec::decode(ConstBytes input) const noexcept
{
  if (input.size() < record_size_) return DecodeResult::need_more(record_size_);
  return DecodeResult::frame(input.first(record_size_), record_size_);
}

Frame FixedLengthCodec::encode(Buffer&& payload) const
{
  if (payload.size() != record_size_) {
    throw std::length_error("FixedLengthCodec::encode: payload is not one record");
  }
  return Frame(std::move(payload));
}

std::size_t FixedLengthCodec::wire_size(ConstBytes payload) const
{
  if (payload.size() != record_size_) {
    throw std::length_error("FixedLengthCodec::encode: payload is not one record");
  }
  return record_size_;
}

void FixedLengthCodec::encode_to(ConstBytes payload, MutableBytes out) const noexcept
{
  std::memcpy(out.data(), payload.data(), payload.size());
}

}  // namespace proactor
