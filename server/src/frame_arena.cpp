#include <proactor/server/frame_arena.hpp>

#include <stdexcept>

namespace proactor {

FrameArena::FrameArena(std::size_t capacity, std::size_t max_block)
    : capacity_(capacity), max_block_(max_block)
{
  // A block that may skip the ring's end needs up to twice its size of free bytes.
  if (max_block == 0 || max_block > capacity / 2)
    throw std::invalid_argument("FrameArena: max_block must be in 1 .. capacity / 2");
}

FrameArena::Block FrameArena::allocate(std::size_t n)
{
  if (n == 0 || n > max_block_) return {};
  if (!memory_) memory_ = std::make_unique<std::byte[]>(capacity_);
  const std::size_t at = head_ % capacity_;
  const std::size_t to_end = capacity_ - at;
  // A block never wraps: if it does not fit before the end, it starts over at the front
  // and the bytes it skipped are released with it.
  const std::size_t advance = n <= to_end ? n : to_end + n;
  if (used() + advance > capacity_) return {};
  head_ += advance;
  return {memory_.get() + (n <= to_end ? at : 0), static_cast<std::uint32_t>(advance)};
}

void FrameArena::unallocate(const Block& block) noexcept
{
  head_ -= block.advance;
}

void FrameArena::release(std::uint32_t advance) noexcept
{
  // The frame's bytes were read before this store; the producer reuses them only after
  // it has seen it (acquire in used()).
  tail_.store(tail_.load(std::memory_order_relaxed) + advance, std::memory_order_release);
}

}  // namespace proactor
