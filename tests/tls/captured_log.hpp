#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace proactor::test {

/// Keeps the lines a TLS transport logs (`TlsTransportOptions::log`) for the test to read.
class CapturedLog
{
 public:
  /// A sink for `TlsTransportOptions::log`; the object must outlive it. Any thread.
  std::function<void(std::string_view)> sink()
  {
    return [this](std::string_view line) {
      std::lock_guard lock(mutex_);
      lines_.emplace_back(line);
    };
  }
  /// The lines so far. Any thread.
  std::vector<std::string> lines() const
  {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace proactor::test
