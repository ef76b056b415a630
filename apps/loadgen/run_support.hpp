#pragma once

#include "loadgen/loadgen_options.hpp"
#include "loadgen/report.hpp"
#include "loadgen/schedule.hpp"
#include "loadgen/step_latch.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace proactor::loadgen {

/// How often a worker's watchdog looks at its connections (deadlines, the run's end).
inline constexpr std::chrono::milliseconds kWatchdogPeriod{100};

/// The server's endpoint for `options.host` ("localhost" means 127.0.0.1) and `port`.
boost::asio::ip::tcp::endpoint server_endpoint(const LoadgenOptions& options);

/// Waits for `latch` until `deadline`, updating `progress` once a second with what
/// `replies()` returns when `options.progress` is set. True when every thread arrived.
bool wait_step(StepLatch& latch, Clock::time_point deadline, const LoadgenOptions& options,
               ProgressLine& progress, const char* label,
               const std::function<std::uint64_t()>& replies);

/// How many of `total` connections thread `index` of `threads` takes, and the first one's
/// number: an even split, the first threads taking one more when it does not divide.
struct Share
{
  std::size_t first;
  std::size_t count;
};
Share share_of(std::size_t total, std::size_t threads, std::size_t index);

/// Raises this process's soft descriptor limit to the hard one, so that thousands of
/// connections fit; returns the limit now in effect.
std::size_t raise_descriptor_limit();

/// Raises the descriptor limit; when `options.connections` still do not fit, prints one line
/// and returns false.
bool descriptors_suffice(const LoadgenOptions& options);

}  // namespace proactor::loadgen
