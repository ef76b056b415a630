#pragma once

#include <atomic>
#include <cstdint>
#include <windows.h>

namespace proactor::detail {

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t) &&
                  std::atomic<std::uint32_t>::is_always_lock_free,
              "WaitOnAddress compares the atomic's bytes directly");

inline void wait_while_equal(std::atomic<std::uint32_t>& word, std::uint32_t expected)
{
  // The kernel compares the word with `expected` under its own lock, so a wake issued after
  // the change cannot slip between the comparison and the sleep.
  if (word.load(std::memory_order_acquire) != expected) return;
  ::WaitOnAddress(&word, &expected, sizeof expected, INFINITE);
  std::atomic_thread_fence(std::memory_order_acquire);
}

inline void wake_one(std::atomic<std::uint32_t>& word)
{
  ::WakeByAddressSingle(&word);
}

inline unsigned usable_cpus() noexcept
{
  DWORD_PTR process = 0;
  DWORD_PTR system = 0;
  if (!::GetProcessAffinityMask(::GetCurrentProcess(), &process, &system) || process == 0)
    return 1;
  unsigned n = 0;
  for (; process != 0; process &= process - 1) ++n;
  return n;
}

}  // namespace proactor::detail
