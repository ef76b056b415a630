#include "loadgen/process_cpu.hpp"

#include <windows.h>

#include <cstdint>

namespace proactor::loadgen {
namespace {

std::uint64_t ticks(const FILETIME& time) noexcept
{
  return (static_cast<std::uint64_t>(time.dwHighDateTime) << 32) | time.dwLowDateTime;
}

}  // namespace

std::chrono::nanoseconds process_cpu_time() noexcept
{
  FILETIME created{}, exited{}, kernel{}, user{};
  if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) return {};
  // FILETIME counts 100 ns ticks.
  return std::chrono::nanoseconds(static_cast<std::int64_t>((ticks(kernel) + ticks(user)) * 100));
}

}  // namespace proactor::loadgen
