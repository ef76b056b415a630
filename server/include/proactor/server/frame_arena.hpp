#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace proactor {

/// The memory for the frame copies on one lane of the job queue: a ring of bytes that the
/// lane's I/O thread fills with each frame it hands over, and that the logic thread gives
/// back in the same order once the frame ran. Jobs leave a lane in the order they entered
/// it, so a head and a tail are all the bookkeeping there is: no allocation per frame, no
/// lock, no CAS.
///
/// Single producer (`allocate`, `unallocate`), single consumer (`release`). The memory is
/// taken on the first `allocate`, so lanes that never carry a frame cost nothing.
class FrameArena
{
 public:
  /// A block of `allocate`: `data` is null when the arena could not take the frame.
  struct Block
  {
    std::byte* data = nullptr;
    std::uint32_t advance = 0;  ///< what `release` gives back for it (it may include the
                                ///< unusable end of the ring that the block skipped)
  };

  /// A ring of `capacity` bytes; blocks of at most `max_block` bytes. Any thread.
  FrameArena(std::size_t capacity, std::size_t max_block);
  FrameArena(const FrameArena&) = delete;
  FrameArena& operator=(const FrameArena&) = delete;

  /// Contiguous room for `n` (> 0) bytes after every block still held, or an empty block
  /// when `n` exceeds `max_block` or the ring is too full (the caller then allocates).
  /// Producer only.
  Block allocate(std::size_t n);
  /// Takes back the block `allocate` just returned (the frame was not handed over after
  /// all). Producer only, before any other allocate.
  void unallocate(const Block& block) noexcept;
  /// Gives back the oldest block still held. Consumer only.
  void release(std::uint32_t advance) noexcept;

  /// Bytes held by blocks not yet released (padding included). Producer only.
  std::size_t used() const noexcept { return head_ - tail_.load(std::memory_order_acquire); }
  /// The ring's size.
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  std::size_t capacity_;
  std::size_t max_block_;
  std::unique_ptr<std::byte[]> memory_;
  std::size_t head_ = 0;  // bytes ever allocated, padding included; producer only
  alignas(64) std::atomic<std::size_t> tail_{0};  // bytes ever released; the consumer's
};

}  // namespace proactor
