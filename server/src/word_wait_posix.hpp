#pragma once

#include <atomic>
#include <cstdint>

#if defined(__linux__)
#include <climits>
#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>
#else
#include <thread>
#endif

namespace proactor::detail {

#if defined(__linux__)

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t) &&
                  std::atomic<std::uint32_t>::is_always_lock_free,
              "the futex compares the atomic's bytes directly");

// The futex itself rather than std::atomic::wait: libstdc++'s wait first spins and calls
// sched_yield a dozen times, a syscall each, which on a busy logic thread cost more than
// the sleep it tries to avoid; our caller already spins when spinning can help.
inline void wait_while_equal(std::atomic<std::uint32_t>& word, std::uint32_t expected)
{
  // The kernel compares the word with `expected` under the futex lock, so a wake issued
  // after the change cannot slip between the comparison and the sleep.
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE, expected,
            nullptr, nullptr, 0);
  std::atomic_thread_fence(std::memory_order_acquire);
}

inline void wake_one(std::atomic<std::uint32_t>& word)
{
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, 1, nullptr,
            nullptr, 0);
}

inline unsigned usable_cpus() noexcept
{
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  const int n = CPU_COUNT(&set);
  return n > 0 ? static_cast<unsigned>(n) : 1u;
}

#else

inline void wait_while_equal(std::atomic<std::uint32_t>& word, std::uint32_t expected)
{
  word.wait(expected, std::memory_order_acquire);
}

inline void wake_one(std::atomic<std::uint32_t>& word)
{
  word.notify_one();
}

inline unsigned usable_cpus() noexcept
{
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? n : 1u;
}

#endif

}  // namespace proactor::detail
