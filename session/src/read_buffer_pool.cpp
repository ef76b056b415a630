#include "thread_cache.hpp"

#include <proactor/session/read_buffer_pool.hpp>

#include <vector>

namespace proactor::detail {
namespace {

struct Spares
{
  Spares() { buffers.reserve(ReadBufferPool::kMaxSpares); }
  std::vector<Buffer> buffers;
};

Spares& local_spares()
{
  return thread_cache<Spares>();
}

}  // namespace

void ReadBufferPool::borrow(FrameDecoder& decoder) noexcept
{
  if (decoder.capacity() > 0) return;
  auto& spares = local_spares().buffers;
  if (spares.empty()) return;  // the decoder allocates its own on prepare()
  if (decoder.swap_buffer(spares.back())) spares.pop_back();
}

void ReadBufferPool::lend(FrameDecoder& decoder) noexcept
{
  if (decoder.buffered() > 0 || decoder.capacity() == 0) return;
  auto& spares = local_spares().buffers;
  if (spares.size() >= kMaxSpares || decoder.capacity() > kMaxSpareCapacity) {
    decoder.release_if_empty();
    return;
  }
  spares.emplace_back(0, 0);  // capacity reserved up front: this does not allocate
  decoder.swap_buffer(spares.back());
}

std::size_t ReadBufferPool::spares() noexcept
{
  return local_spares().buffers.size();
}

}  // namespace proactor::detail
