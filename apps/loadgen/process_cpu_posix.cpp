#include "loadgen/process_cpu.hpp"

#include <time.h>

namespace proactor::loadgen {

std::chrono::nanoseconds process_cpu_time() noexcept
{
  timespec now{};
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) != 0) return {};
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

}  // namespace proactor::loadgen
