#pragma once

#include <proactor/net/bytes.hpp>
#include <proactor/net/frame.hpp>

#include <cstddef>
#include <memory>
#include <vector>

namespace proactor {
namespace detail {

/// Bytes the write queue owns: frames copied in back to back. Allocated with its data right
/// behind it and recycled through a per-thread pool (write_queue.cpp).
struct WriteChunk
{
  std::size_t size = 0;      // bytes used
  std::size_t capacity = 0;  // bytes available behind this header
  std::byte* data() noexcept { return reinterpret_cast<std::byte*>(this + 1); }
  const std::byte* data() const noexcept { return reinterpret_cast<const std::byte*>(this + 1); }
};

/// Gives a chunk back to the calling thread's pool (or frees it).
struct WriteChunkRecycler
{
  void operator()(WriteChunk* chunk) const noexcept;
};

}  // namespace detail

/// The frames a session has yet to send, with byte watermarks. Sans-io: no socket here.
///
/// A queued frame goes waiting → staged → written:
///
///     push()          stage()                      commit_staged()
///   ---------> [waiting ...] ---> [staged: one gathered write] ---> dropped
///
/// Everything waiting when a write starts is staged together (bounded by the batch limits),
/// so frames queued while a write is in flight leave in one syscall.
///
/// Frames come in two ways. `push(Frame)` queues shared bytes as they are (a broadcast's one
/// buffer). `push_copy` frames a payload straight into bytes the queue owns: consecutive
/// small frames are packed back to back into one chunk, which becomes one buffer of the
/// gathered write, and chunks are recycled through a per-thread pool. With the ring, which
/// grows but never shrinks, steady traffic through `push_copy` allocates nothing.
/// Not thread safe: the session's executor owns it.
class WriteQueue
{
 public:
  /// Frames up to this wire size are copied into pooled chunks by `push_copy`; the session
  /// sends larger ones as shared frames.
  static constexpr std::size_t kMaxCopiedFrame = 16 * 1024 + 64;

  /// A queue that is unwritable above `high` bytes and writable again at or below `low`.
  WriteQueue(std::size_t low_watermark, std::size_t high_watermark);

  /// Appends a frame. Returns true when this push took the queue above the high watermark.
  bool push(Frame frame);

  /// Appends a frame of `wire_size` bytes (at most `kMaxCopiedFrame`) that `fill` writes into
  /// the `MutableBytes` it is given, in the queue's own storage. Returns like `push`.
  template <class Fill>
  bool push_copy(std::size_t wire_size, Fill&& fill);

  /// Stages the waiting frames for one gathered write, at most `max_buffers` buffers and
  /// (after the first) `max_bytes` bytes, calling `out(ConstBytes)` for each buffer in order
  /// (one per pushed frame, or one per run of copied frames). Returns how many buffers were
  /// staged. Call only when nothing is staged.
  template <class Out>
  std::size_t stage(std::size_t max_buffers, std::size_t max_bytes, Out&& out);

  /// Drops the staged frames (their write completed). Returns true when this took the queue
  /// from unwritable back to at or below the low watermark.
  bool commit_staged();

  /// Drops everything (the session closed). Keeps the ring, returns the chunks to the pool.
  void clear() noexcept;

  /// Frames queued, staged ones included.
  std::size_t size() const noexcept { return frames_; }
  bool empty() const noexcept { return count_ == 0; }
  /// Bytes queued, staged ones included.
  std::size_t queued_bytes() const noexcept { return queued_bytes_; }
  /// Frames in the current gathered write.
  std::size_t staged() const noexcept { return staged_frames_; }
  /// Bytes in the current gathered write.
  std::size_t staged_bytes() const noexcept { return staged_bytes_; }
  /// False from crossing the high watermark until falling back to the low one.
  bool writable() const noexcept { return writable_; }

 private:
  using Chunk = std::unique_ptr<detail::WriteChunk, detail::WriteChunkRecycler>;

  // One buffer of a gathered write: a shared frame, or a chunk of copied frames.
  struct Entry
  {
    Frame frame;
    Chunk chunk;
    std::size_t frames = 0;
    ConstBytes bytes() const noexcept
    {
      return chunk ? ConstBytes(chunk->data(), chunk->size) : frame.bytes();
    }
  };

  Entry& at(std::size_t i) noexcept { return ring_[(head_ + i) & (ring_.size() - 1)]; }
  void grow();
  MutableBytes append_space(std::size_t wire_size);
  bool account(std::size_t wire_size);

  std::vector<Entry> ring_;  // size is a power of two (or 0 before the first frame)
  std::size_t head_ = 0;
  std::size_t count_ = 0;   // entries
  std::size_t frames_ = 0;  // frames in those entries
  std::size_t staged_ = 0;  // entries staged
  std::size_t staged_frames_ = 0;
  std::size_t staged_bytes_ = 0;
  std::size_t queued_bytes_ = 0;
  std::size_t low_;
  std::size_t high_;
  bool writable_ = true;
};

template <class Fill>
bool WriteQueue::push_copy(std::size_t wire_size, Fill&& fill)
{
  fill(append_space(wire_size));
  return account(wire_size);
}

template <class Out>
std::size_t WriteQueue::stage(std::size_t max_buffers, std::size_t max_bytes, Out&& out)
{
  std::size_t bytes = 0;
  std::size_t frames = 0;
  std::size_t n = 0;
  while (n < count_ && n < max_buffers) {
    const Entry& entry = at(n);
    const ConstBytes buffer = entry.bytes();
    if (n > 0 && bytes + buffer.size() > max_bytes) break;
    bytes += buffer.size();
    frames += entry.frames;
    out(buffer);
    ++n;
  }
  staged_ = n;
  staged_frames_ = frames;
  staged_bytes_ = bytes;
  return n;
}

}  // namespace proactor
