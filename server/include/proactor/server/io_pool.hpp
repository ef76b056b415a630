#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

namespace proactor {

/// N I/O threads, each running its own io_context (see docs/architecture.md for why one
/// context per thread rather than one shared context with strands). A session is placed on
/// one context for life, so its handlers never run concurrently and need no lock.
class IoPool
{
 public:
  /// Creates `threads` contexts (at least one). Threads start with `start()`. Any thread.
  explicit IoPool(std::size_t threads);
  /// Stops and joins.
  ~IoPool();
  IoPool(const IoPool&) = delete;
  IoPool& operator=(const IoPool&) = delete;

  /// Starts one thread per context. Call once, from the owning thread.
  void start();
  /// The next context, round robin. Any thread.
  boost::asio::io_context& next() noexcept;
  /// Context `i` (0 <= i < size()). Any thread.
  boost::asio::io_context& at(std::size_t i) noexcept { return *contexts_[i]; }
  /// Number of contexts. Any thread.
  std::size_t size() const noexcept { return contexts_.size(); }
  /// Lets the contexts run out of work and return (they finish pending handlers first).
  void release_work() noexcept;
  /// Stops every context at once, abandoning pending handlers. Any thread.
  void stop() noexcept;
  /// Joins the threads. From the owning thread, never from an I/O thread.
  void join();
  /// After `stop()` and `join()`: runs, on the calling thread, the handlers that were
  /// already due (e.g. the aborted operations of closed sessions), so that they release
  /// what they hold. From the owning thread only.
  void run_ready_handlers();
  /// Shared ownership of the context `io` (which must be one of the pool's): a session
  /// holds it so that the context outlives the session even if an application keeps a
  /// `SessionPtr` after the server is gone. Any thread.
  std::shared_ptr<boost::asio::io_context> share(boost::asio::io_context& io) const;
  /// True if the calling thread is one of the pool's. Any thread.
  bool in_pool_thread() const noexcept;
  /// The index of the context the calling thread runs, or `npos` outside any pool thread.
  static std::size_t current_index() noexcept;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  /// Waits until every context has run what was posted to it before this call (bounded by
  /// `timeout`); false on timeout. Not from a pool thread.
  bool sync(std::chrono::milliseconds timeout);

 private:
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::shared_ptr<boost::asio::io_context>> contexts_;
  std::vector<WorkGuard> guards_;
  std::vector<std::thread> threads_;
  std::atomic<std::size_t> next_{0};
};

}  // namespace proactor
