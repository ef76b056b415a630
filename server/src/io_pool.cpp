#include <proactor/server/io_pool.hpp>

#include <algorithm>

namespace proactor {

IoPool::IoPool(std::size_t threads)
{
  threads = std::max<std::size_t>(threads, 1);
  contexts_.reserve(threads);
  guards_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    // Concurrency hint 1: each context is run by exactly one thread, so Asio may skip
    // locking inside its scheduler.
    contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
    guards_.emplace_back(contexts_.back()->get_executor());
  }
}

IoPool::~IoPool()
{
  stop();
  join();
}

void IoPool::start()
{
  threads_.reserve(contexts_.size());
  for (auto& context : contexts_) threads_.emplace_back([&io = *context] { io.run(); });
}

boost::asio::io_context& IoPool::next() noexcept
{
  return *contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

void IoPool::release_work() noexcept
{
  for (auto& guard : guards_) guard.reset();
}

void IoPool::stop() noexcept
{
  for (auto& context : contexts_) context->stop();
}

void IoPool::join()
{
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
  threads_.clear();
}

bool IoPool::in_pool_thread() const noexcept
{
  const auto me = std::this_thread::get_id();
  return std::any_of(threads_.begin(), threads_.end(),
                     [me](const std::thread& t) { return t.get_id() == me; });
}

}  // namespace proactor
