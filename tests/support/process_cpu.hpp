#pragma once

namespace proactor::test {

/// User plus system CPU time this process has used so far, over all its threads, in seconds;
/// negative when it cannot be read. process_cpu_posix.cpp (/proc/self/task/*/stat) and
/// process_cpu_windows.cpp (GetProcessTimes).
double process_cpu_seconds();

}  // namespace proactor::test
