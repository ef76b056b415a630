#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace proactor::loadgen {

/// A latency histogram with log-linear buckets: exact below 64 ns, then 64 buckets per power
/// of two, so every recorded value is reported within 1/64 (1.6 %) of itself, from 1 ns to
/// centuries, in a fixed 30 KiB with no allocation. Recording is one bit scan and one
/// increment, cheap enough for every message.
///
/// Not thread safe: each client thread records into its own histogram and the results are
/// merged afterwards.
class LatencyHistogram
{
 public:
  using duration = std::chrono::nanoseconds;

  /// Counts one sample. Negative durations count as 0.
  void record(duration latency) noexcept;

  /// Adds every sample of `other`.
  void merge(const LatencyHistogram& other) noexcept;

  /// How many samples were recorded.
  std::uint64_t count() const noexcept { return count_; }
  /// The smallest sample (exact); 0 when empty.
  duration min() const noexcept { return duration(count_ == 0 ? 0 : min_); }
  /// The largest sample (exact); 0 when empty.
  duration max() const noexcept { return duration(max_); }
  /// The mean of the samples (exact); 0 when empty.
  duration mean() const noexcept;

  /// The smallest value that at least `percent` % of the samples do not exceed, reported as
  /// the upper edge of its bucket (never below the true percentile, at most 1.6 % above it)
  /// and capped by `max()`. 0 when empty. `percent` within 0..100.
  duration percentile(double percent) const noexcept;

  /// The bucket a value falls in; exposed for tests.
  static std::size_t bucket_of(std::uint64_t nanoseconds) noexcept;
  /// The largest value that falls in bucket `index`; exposed for tests.
  static std::uint64_t bucket_upper(std::size_t index) noexcept;

 private:
  static constexpr unsigned kSubBits = 6;  // 64 buckets per power of two
  static constexpr std::size_t kBuckets = (64 - kSubBits + 1) << kSubBits;

  std::array<std::uint64_t, kBuckets> buckets_{};
  std::uint64_t count_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
  long double sum_ = 0;
};

}  // namespace proactor::loadgen
