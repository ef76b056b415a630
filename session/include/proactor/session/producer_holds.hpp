#pragma once

#include <proactor/session/session.hpp>

#include <cstddef>
#include <vector>

namespace proactor::detail {

/// The sessions whose reading one session holds while it is above its high watermark: the
/// producers of the frames it cannot pass on fast enough. Each producer is held once per
/// holder, however many of its frames caused a hold, and released when the holder drains to
/// its low watermark or closes. Strong references: a held producer reads nothing and has no
/// operation of its own in flight to keep it alive.
/// Not thread safe: the holder's executor owns it.
class ProducerHolds
{
 public:
  ProducerHolds() = default;
  ProducerHolds(const ProducerHolds&) = delete;
  ProducerHolds& operator=(const ProducerHolds&) = delete;
  /// Releases whatever is still held.
  ~ProducerHolds() { release_all(); }

  /// Takes over one hold already placed on `producer` (`hold_reading`); a producer held
  /// already gives the extra hold back at once. Returns true if `producer` is newly held.
  bool adopt(const SessionPtr& producer);
  /// Releases every producer (`release_reading`, which resumes it asynchronously) and
  /// forgets them. Returns how many were released.
  std::size_t release_all();
  /// Producers held now.
  std::size_t size() const noexcept { return held_.size(); }

 private:
  std::vector<SessionPtr> held_;
};

}  // namespace proactor::detail
