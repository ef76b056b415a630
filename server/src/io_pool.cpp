#include <proactor/server/io_pool.hpp>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace proactor {
namespace {

thread_local std::size_t this_thread_index = IoPool::npos;

}  // namespace

IoPool::IoPool(std::size_t threads)
{
  threads = std::max<std::size_t>(threads, 1);
  contexts_.reserve(threads);
  guards_.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    // Concurrency hint 1: each context is run by exactly one thread, so Asio may skip
    // locking inside its scheduler.
    contexts_.push_back(std::make_shared<boost::asio::io_context>(1));
    guards_.emplace_back(contexts_.back()->get_executor());
  }
}

IoPool::~IoPool()
{
  stop();
  join();
  run_ready_handlers();
}

void IoPool::run_ready_handlers()
{
  for (auto& context : contexts_) {
    context->restart();
    context->poll();
  }
}

std::shared_ptr<boost::asio::io_context> IoPool::share(boost::asio::io_context& io) const
{
  for (const auto& context : contexts_)
    if (context.get() == &io) return context;
  return {};
}

void IoPool::start()
{
  threads_.reserve(contexts_.size());
  for (std::size_t i = 0; i < contexts_.size(); ++i) {
    threads_.emplace_back([&io = *contexts_[i], i] {
      this_thread_index = i;
      io.run();
    });
  }
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

namespace proactor {

std::size_t IoPool::current_index() noexcept
{
  return this_thread_index;
}

bool IoPool::sync(std::chrono::milliseconds timeout)
{
  struct Latch
  {
    std::mutex mutex;
    std::condition_variable done;
    std::size_t left;
  };
  auto latch = std::make_shared<Latch>();
  latch->left = contexts_.size();
  for (auto& context : contexts_) {
    boost::asio::post(*context, [latch] {
      std::lock_guard lock(latch->mutex);
      if (--latch->left == 0) latch->done.notify_all();
    });
  }
  std::unique_lock lock(latch->mutex);
  return latch->done.wait_for(lock, timeout, [&] { return latch->left == 0; });
}

}  // namespace proactor
