#pragma once

#include <proactor/net/bytes.hpp>
#include <proactor/net/frame.hpp>

#include <cstddef>
#include <vector>

namespace proactor {

/// The frames a session has yet to send, with byte watermarks. Sans-io: no socket here.
///
/// A queued frame goes waiting → staged → written:
///
///     push()          stage()                      commit_staged()
///   ---------> [waiting ...] ---> [staged: one gathered write] ---> dropped
///
/// Everything waiting when a write starts is staged together (bounded by the batch limits),
/// so frames queued while a write is in flight leave in one syscall. The storage is a ring
/// that grows but never shrinks below its high-water mark, so steady traffic allocates
/// nothing. Not thread safe: the session's executor owns it.
class WriteQueue
{
 public:
  /// A queue that is unwritable above `high` bytes and writable again at or below `low`.
  WriteQueue(std::size_t low_watermark, std::size_t high_watermark);

  /// Appends a frame. Returns true when this push took the queue above the high watermark.
  bool push(Frame frame);

  /// Stages the waiting frames for one gathered write, at most `max_frames` frames and
  /// (after the first) `max_bytes` bytes, calling `out(ConstBytes)` for each in order.
  /// Returns how many were staged. Call only when nothing is staged.
  template <class Out>
  std::size_t stage(std::size_t max_frames, std::size_t max_bytes, Out&& out);

  /// Drops the staged frames (their write completed). Returns true when this took the queue
  /// from unwritable back to at or below the low watermark.
  bool commit_staged();

  /// Drops everything (the session closed). Keeps the storage.
  void clear() noexcept;

  /// Frames queued, staged ones included.
  std::size_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }
  /// Bytes queued, staged ones included.
  std::size_t queued_bytes() const noexcept { return queued_bytes_; }
  /// Frames in the current gathered write.
  std::size_t staged() const noexcept { return staged_; }
  /// Bytes in the current gathered write.
  std::size_t staged_bytes() const noexcept { return staged_bytes_; }
  /// False from crossing the high watermark until falling back to the low one.
  bool writable() const noexcept { return writable_; }

 private:
  Frame& at(std::size_t i) noexcept { return ring_[(head_ + i) & (ring_.size() - 1)]; }
  void grow();

  std::vector<Frame> ring_;  // size is a power of two
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  std::size_t staged_ = 0;
  std::size_t staged_bytes_ = 0;
  std::size_t queued_bytes_ = 0;
  std::size_t low_;
  std::size_t high_;
  bool writable_ = true;
};

template <class Out>
std::size_t WriteQueue::stage(std::size_t max_frames, std::size_t max_bytes, Out&& out)
{
  std::size_t bytes = 0;
  std::size_t n = 0;
  while (n < count_ && n < max_frames) {
    const Frame& frame = at(n);
    if (n > 0 && bytes + frame.size() > max_bytes) break;
    bytes += frame.size();
    out(frame.bytes());
    ++n;
  }
  staged_ = n;
  staged_bytes_ = bytes;
  return n;
}

}  // namespace proactor
