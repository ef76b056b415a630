#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace proactor::loadgen {

/// Counts client threads finishing a step; the main thread waits for all of them with a
/// deadline, so that a step that never completes fails the run instead of hanging it.
class StepLatch
{
 public:
  /// A latch for `count` arrivals.
  explicit StepLatch(std::size_t count) : remaining_(count) {}

  /// One thread has finished. Any thread.
  void arrive()
  {
    const std::lock_guard lock(mutex_);
    if (remaining_ > 0 && --remaining_ == 0) all_.notify_all();
  }

  /// Waits until every thread has arrived or `deadline` passes; true when all arrived. Main
  /// thread; may be called again after a progress report.
  bool wait_until(std::chrono::steady_clock::time_point deadline)
  {
    std::unique_lock lock(mutex_);
    return all_.wait_until(lock, deadline, [this] { return remaining_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable all_;
  std::size_t remaining_;
};

}  // namespace proactor::loadgen
