#pragma once

#include <atomic>
#include <cstdint>

namespace proactor::detail {

inline void wait_while_equal(std::atomic<std::uint32_t>& word, std::uint32_t expected)
{
  word.wait(expected, std::memory_order_acquire);
}

inline void wake_one(std::atomic<std::uint32_t>& word)
{
  word.notify_one();
}

}  // namespace proactor::detail
