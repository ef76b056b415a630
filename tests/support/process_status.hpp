#pragma once

#include <cstddef>
#include <fstream>
#include <string>
#include <string_view>

namespace proactor::test {

/// A size field of this process's /proc/self/status in KiB ("VmRSS", "VmHWM", ...), or 0
/// where it cannot be read (no /proc: Windows). Any thread.
inline std::size_t process_status_kib(std::string_view field)
{
  std::ifstream status("/proc/self/status");
  const std::string wanted = std::string(field) + ":";
  std::string key;
  while (status >> key) {
    if (key == wanted) {
      std::size_t kib = 0;
      status >> kib;
      return kib;
    }
    std::getline(status, key);
  }
  return 0;
}

/// Starts a new peak (VmHWM) at the current resident size, where /proc allows it. Any
/// thread.
inline void reset_peak_memory()
{
  std::ofstream("/proc/self/clear_refs") << "5";
}

}  // namespace proactor::test
