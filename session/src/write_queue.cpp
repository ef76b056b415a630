#include <proactor/session/write_queue.hpp>

#include <stdexcept>
#include <utility>

namespace proactor {

WriteQueue::WriteQueue(std::size_t low_watermark, std::size_t high_watermark)
    : ring_(8), low_(low_watermark), high_(high_watermark)
{
  if (low_ > high_) throw std::invalid_argument("write queue: low watermark above high watermark");
}

bool WriteQueue::push(Frame frame)
{
  if (count_ == ring_.size()) grow();
  queued_bytes_ += frame.size();
  at(count_) = std::move(frame);
  ++count_;
  if (writable_ && queued_bytes_ > high_) {
    writable_ = false;
    return true;
  }
  return false;
}

bool WriteQueue::commit_staged()
{
  for (std::size_t i = 0; i < staged_; ++i) {
    at(0) = Frame{};  // release the bytes now; a broadcast buffer may be shared elsewhere
    head_ = (head_ + 1) & (ring_.size() - 1);
  }
  count_ -= staged_;
  queued_bytes_ -= staged_bytes_;
  staged_ = 0;
  staged_bytes_ = 0;
  if (!writable_ && queued_bytes_ <= low_) {
    writable_ = true;
    return true;
  }
  return false;
}

void WriteQueue::clear() noexcept
{
  for (std::size_t i = 0; i < count_; ++i) at(i) = Frame{};
  head_ = 0;
  count_ = 0;
  staged_ = 0;
  staged_bytes_ = 0;
  queued_bytes_ = 0;
  writable_ = true;
}

void WriteQueue::grow()
{
  std::vector<Frame> bigger(ring_.size() * 2);
  for (std::size_t i = 0; i < count_; ++i) bigger[i] = std::move(at(i));
  ring_ = std::move(bigger);
  head_ = 0;
}

}  // namespace proactor
