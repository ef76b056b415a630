#include "loadgen/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace proactor::loadgen {

std::size_t LatencyHistogram::bucket_of(std::uint64_t nanoseconds) noexcept
{
  constexpr std::uint64_t sub_count = std::uint64_t{1} << kSubBits;
  if (nanoseconds < sub_count) return static_cast<std::size_t>(nanoseconds);
  // Bucket group g >= 1 holds [2^(g+5), 2^(g+6)) in 64 equal steps.
  const auto top_bit = static_cast<unsigned>(std::bit_width(nanoseconds)) - 1;  // >= kSubBits
  const unsigned shift = top_bit - kSubBits;
  const std::uint64_t sub = (nanoseconds >> shift) - sub_count;  // 0..63
  return static_cast<std::size_t>((std::uint64_t{shift + 1} << kSubBits) + sub);
}

std::uint64_t LatencyHistogram::bucket_upper(std::size_t index) noexcept
{
  constexpr std::size_t sub_count = std::size_t{1} << kSubBits;
  if (index < sub_count) return index;
  const unsigned shift = static_cast<unsigned>(index >> kSubBits) - 1;
  const std::uint64_t sub = index & (sub_count - 1);
  const std::uint64_t lower = (sub_count + sub) << shift;
  return lower + ((std::uint64_t{1} << shift) - 1);
}

void LatencyHistogram::record(duration latency) noexcept
{
  const auto value = static_cast<std::uint64_t>(std::max<duration::rep>(latency.count(), 0));
  ++buckets_[bucket_of(value)];
  ++count_;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  sum_ += static_cast<long double>(value);
}

void LatencyHistogram::merge(const LatencyHistogram& other) noexcept
{
  for (std::size_t i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

LatencyHistogram::duration LatencyHistogram::mean() const noexcept
{
  if (count_ == 0) return duration(0);
  return duration(static_cast<duration::rep>(sum_ / static_cast<long double>(count_)));
}

LatencyHistogram::duration LatencyHistogram::percentile(double percent) const noexcept
{
  if (count_ == 0) return duration(0);
  const double clamped = std::clamp(percent, 0.0, 100.0);
  // The rank of the sample wanted, 1-based: at least one sample is always covered.
  // Multiplying first keeps whole-number ranks exact (99.9 % of 1000 is 999, not 999.0000001).
  const double exact = clamped * static_cast<double>(count_) / 100.0;
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(exact - 1e-9)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    seen += buckets_[i];
    if (seen >= rank) return duration(static_cast<duration::rep>(std::min(bucket_upper(i), max_)));
  }
  return duration(static_cast<duration::rep>(max_));
}

}  // namespace proactor::loadgen
