#include <proactor/server/metrics.hpp>

#include <ostream>

namespace proactor {

MetricsSnapshot Metrics::snapshot() const noexcept
{
  constexpr auto relaxed = std::memory_order_relaxed;
  MetricsSnapshot s;
  s.accepted = accepted.load(relaxed);
  s.active = active.load(relaxed);
  s.refused = refused.load(relaxed);
  s.accept_errors = accept_errors.load(relaxed);
  s.frames_in = traffic.frames_in.load(relaxed);
  s.frames_out = traffic.frames_out.load(relaxed);
  s.bytes_in = traffic.bytes_in.load(relaxed);
  s.bytes_out = traffic.bytes_out.load(relaxed);
  s.frames_dropped = traffic.frames_dropped.load(relaxed);
  s.peak_queued_bytes = traffic.peak_queued_bytes.load(relaxed);
  s.holds = traffic.holds.load(relaxed);
  for (std::size_t i = 0; i < s.closes.size(); ++i) s.closes[i] = closes_[i].load(relaxed);
  return s;
}

std::ostream& operator<<(std::ostream& out, const MetricsSnapshot& s)
{
  out << "accepted=" << s.accepted << " active=" << s.active << " refused=" << s.refused
      << " accept_errors=" << s.accept_errors << " frames_in=" << s.frames_in
      << " frames_out=" << s.frames_out << " bytes_in=" << s.bytes_in
      << " bytes_out=" << s.bytes_out << " frames_dropped=" << s.frames_dropped
      << " peak_queued_bytes=" << s.peak_queued_bytes << " holds=" << s.holds;
  for (std::size_t i = 0; i < s.closes.size(); ++i) {
    if (s.closes[i] == 0) continue;
    out << " close." << to_string(static_cast<CloseReason>(i)) << '=' << s.closes[i];
  }
  return out;
}

}  // namespace proactor
