#include <proactor/net/frame_decoder.hpp>

#include <algorithm>
#include <utility>

namespace proactor {

FrameDecoder::FrameDecoder(Codec codec) : codec_(std::move(codec)), buffer_(0, 0)
{}

MutableBytes FrameDecoder::prepare(std::size_t min_size)
{
  // pending_total_ comes from a header the codec already checked against its maximum, so a
  // peer cannot make this reserve more than one maximum-size frame (before a header is
  // complete it is only the header's size). The last frame's size is a guess, hence capped:
  // a session that once received a huge frame must not allocate that much for every read.
  const std::size_t guess = std::min(last_total_, 4 * min_size);
  const std::size_t expected = std::max(pending_total_, guess);
  std::size_t want = min_size;
  if (expected > buffer_.size()) want = std::max(want, expected - buffer_.size());
  buffer_.prepare(want);
  return buffer_.writable_span();
}

void FrameDecoder::commit(std::size_t n)
{
  buffer_.commit(n);
}

void FrameDecoder::release_if_empty() noexcept
{
  if (buffer_.empty()) buffer_.release();
}

bool FrameDecoder::swap_buffer(Buffer& spare) noexcept
{
  if (!buffer_.empty() || !spare.empty()) return false;
  std::swap(buffer_, spare);
  return true;
}

DecodeResult FrameDecoder::next()
{
  DecodeResult result = proactor::decode(codec_, buffer_.readable());
  switch (result.status) {
    case DecodeResult::Status::need_more:
      pending_total_ = result.total_needed;
      break;
    case DecodeResult::Status::frame:
      last_total_ = result.consumed;
      break;
    case DecodeResult::Status::error:
      error_ = result.ec;
      pending_total_ = 0;
      break;
  }
  return result;
}

void FrameDecoder::consume(std::size_t n)
{
  buffer_.consume(n);
  pending_total_ = 0;
}

}  // namespace proactor
