#include "thread_cache.hpp"

#include <proactor/session/write_queue.hpp>

#include <algorithm>
#include <new>
#include <stdexcept>
#include <utility>

namespace proactor {
namespace detail {
namespace {

// Chunks come in two sizes: small ones hold a run of small frames (a pipelined read's
// replies), large ones one frame up to kMaxCopiedFrame.
constexpr std::size_t kSmallChunk = 4 * 1024 - sizeof(WriteChunk);
constexpr std::size_t kLargeChunk = WriteQueue::kMaxCopiedFrame;
// Chunks a thread keeps for reuse: enough for the sessions writing at one moment on one I/O
// thread; the rest go back to the allocator, so idle sessions pin none.
constexpr std::size_t kPoolSmall = 32;
constexpr std::size_t kPoolLarge = 8;

WriteChunk* allocate_chunk(std::size_t capacity)
{
  void* memory = ::operator new(sizeof(WriteChunk) + capacity);
  return new (memory) WriteChunk{0, capacity};
}

void free_chunk(WriteChunk* chunk) noexcept
{
  ::operator delete(chunk);
}

// The calling thread's spare chunks (thread_cache.hpp). A chunk released while the thread's
// pool is being destroyed (or after) is simply freed.
class ChunkPool
{
 public:
  ChunkPool() = default;
  ~ChunkPool()
  {
    for (auto* chunk : small_) free_chunk(chunk);
    for (auto* chunk : large_) free_chunk(chunk);
  }
  ChunkPool(const ChunkPool&) = delete;
  ChunkPool& operator=(const ChunkPool&) = delete;

  WriteChunk* take(std::size_t at_least)
  {
    const bool small = at_least <= kSmallChunk;
    auto& spares = small ? small_ : large_;
    if (spares.empty()) return allocate_chunk(small ? kSmallChunk : kLargeChunk);
    WriteChunk* chunk = spares.back();
    spares.pop_back();
    chunk->size = 0;
    return chunk;
  }

  void give(WriteChunk* chunk) noexcept
  {
    auto& spares = chunk->capacity == kSmallChunk ? small_ : large_;
    const std::size_t limit = chunk->capacity == kSmallChunk ? kPoolSmall : kPoolLarge;
    if (spares.size() >= limit) return free_chunk(chunk);
    // The vectors reserve their limit up front, so giving back never allocates.
    spares.push_back(chunk);
  }

 private:
  std::vector<WriteChunk*> small_ = reserved(kPoolSmall);
  std::vector<WriteChunk*> large_ = reserved(kPoolLarge);

  static std::vector<WriteChunk*> reserved(std::size_t n)
  {
    std::vector<WriteChunk*> v;
    v.reserve(n);
    return v;
  }
};

}  // namespace

void WriteChunkRecycler::operator()(WriteChunk* chunk) const noexcept
{
  auto* pool = thread_cache_if_alive<ChunkPool>();
  if (!pool) return free_chunk(chunk);
  pool->give(chunk);
}

}  // namespace detail

WriteQueue::WriteQueue(std::size_t low_watermark, std::size_t high_watermark)
    : low_(low_watermark), high_(high_watermark)
{
  if (low_ > high_) throw std::invalid_argument("write queue: low watermark above high watermark");
}

bool WriteQueue::push(Frame frame)
{
  if (count_ == ring_.size()) grow();
  const std::size_t size = frame.size();
  Entry& entry = at(count_);
  entry.frame = std::move(frame);
  entry.frames = 1;
  ++count_;
  return account(size);
}

MutableBytes WriteQueue::append_space(std::size_t wire_size)
{
  // Pack onto the last chunk while it is not part of a write in flight and has room.
  if (count_ > staged_) {
    Entry& tail = at(count_ - 1);
    if (tail.chunk && tail.chunk->capacity - tail.chunk->size >= wire_size) {
      const MutableBytes space(tail.chunk->data() + tail.chunk->size, wire_size);
      tail.chunk->size += wire_size;
      ++tail.frames;
      return space;
    }
  }
  if (wire_size > kMaxCopiedFrame) throw std::length_error("write queue: frame too large to copy");
  if (count_ == ring_.size()) grow();
  Entry& entry = at(count_);
  entry.chunk = Chunk(detail::thread_cache<detail::ChunkPool>().take(wire_size));
  entry.chunk->size = wire_size;
  entry.frames = 1;
  ++count_;
  return MutableBytes(entry.chunk->data(), wire_size);
}

bool WriteQueue::account(std::size_t wire_size)
{
  ++frames_;
  queued_bytes_ += wire_size;
  if (writable_ && queued_bytes_ > high_) {
    writable_ = false;
    return true;
  }
  return false;
}

bool WriteQueue::commit_staged()
{
  for (std::size_t i = 0; i < staged_; ++i) {
    // Release the bytes now: a broadcast buffer may be shared elsewhere, a chunk goes back to
    // the pool for the next write.
    at(0) = Entry{};
    head_ = (head_ + 1) & (ring_.size() - 1);
  }
  count_ -= staged_;
  frames_ -= staged_frames_;
  queued_bytes_ -= staged_bytes_;
  staged_ = 0;
  staged_frames_ = 0;
  staged_bytes_ = 0;
  if (!writable_ && queued_bytes_ <= low_) {
    writable_ = true;
    return true;
  }
  return false;
}

void WriteQueue::clear() noexcept
{
  for (std::size_t i = 0; i < count_; ++i) at(i) = Entry{};
  head_ = 0;
  count_ = 0;
  frames_ = 0;
  staged_ = 0;
  staged_frames_ = 0;
  staged_bytes_ = 0;
  queued_bytes_ = 0;
  writable_ = true;
}

void WriteQueue::grow()
{
  std::vector<Entry> bigger(std::max<std::size_t>(2, ring_.size() * 2));
  for (std::size_t i = 0; i < count_; ++i) bigger[i] = std::move(at(i));
  ring_ = std::move(bigger);
  head_ = 0;
}

}  // namespace proactor
