#pragma once

#include "loadgen/latency_histogram.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace proactor::loadgen {

/// What one client thread (or, merged, the whole run) measured.
struct RunResult
{
  /// Latency of every reply that arrived in the measured phase.
  LatencyHistogram latency;
  /// Replies (chat: deliveries) that arrived in the measured phase.
  std::uint64_t messages = 0;
  /// Their bytes as framed on the wire.
  std::uint64_t bytes = 0;
  /// Every reply, measured or not (warm-up and drain included), for the progress line.
  std::uint64_t replies_seen = 0;
  /// Connections that were established.
  std::uint64_t connected = 0;
  /// Failures: connections lost or refused, replies that differ from what was sent, replies
  /// overdue past `--timeout`. Any error fails the run.
  std::uint64_t errors = 0;
  /// The first error, for the report.
  std::string first_error;
  /// The load generator's CPU over the measured phase, in percent of one core; set on the
  /// merged result only (it is the whole process's), when the phase ran to its end.
  std::optional<double> client_cpu_percent;

  /// Counts an error; keeps the first message.
  void fail(std::string message)
  {
    if (errors++ == 0) first_error = std::move(message);
  }

  /// Adds `other` (another thread's share).
  void merge(const RunResult& other)
  {
    latency.merge(other.latency);
    messages += other.messages;
    bytes += other.bytes;
    replies_seen += other.replies_seen;
    connected += other.connected;
    if (errors == 0 && other.errors > 0) first_error = other.first_error;
    errors += other.errors;
  }
};

}  // namespace proactor::loadgen
