#include <proactor/session/producer_holds.hpp>

#include <algorithm>
#include <utility>

namespace proactor::detail {

bool ProducerHolds::adopt(const SessionPtr& producer)
{
  // A handful of producers at most, usually one: a scan beats a set.
  if (std::find(held_.begin(), held_.end(), producer) != held_.end()) {
    producer->release_reading();
    return false;
  }
  held_.push_back(producer);
  return true;
}

std::size_t ProducerHolds::release_all()
{
  // Moved out first: a release may end the last reference to a producer, whose destruction
  // must not find this vector half cleared.
  std::vector<SessionPtr> held = std::exchange(held_, {});
  for (const SessionPtr& producer : held) producer->release_reading();
  return held.size();
}

}  // namespace proactor::detail
