#pragma once

#include "loopback_client.hpp"

#include <chrono>
#include <thread>

namespace proactor::test {

/// Polls an observable condition (a counter, a metric) until it holds or `timeout` passes;
/// false at the deadline. For state that has no event to wait on; the short pause only keeps
/// the poll from burning a core the server under test needs.
template <class Predicate>
bool eventually(Predicate&& done, std::chrono::milliseconds timeout = kDeadline)
{
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace proactor::test
