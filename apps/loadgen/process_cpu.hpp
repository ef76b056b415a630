#pragma once

#include <chrono>

namespace proactor::loadgen {

/// CPU time this process has used so far, all threads, user and system. Any thread.
std::chrono::nanoseconds process_cpu_time() noexcept;

}  // namespace proactor::loadgen
