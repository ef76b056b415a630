#include "udp/echo_tracker.hpp"

namespace proactor::udp {

EchoTracker::EchoTracker(std::uint64_t count, std::size_t window, clock::duration timeout)
    : count_(count),
      window_(window),
      timeout_(timeout),
      states_(static_cast<std::size_t>(count), State::not_sent)
{}

std::optional<std::uint64_t> EchoTracker::next(clock::time_point now)
{
  if (sent_ == count_ || in_flight_ >= window_) return std::nullopt;
  const std::uint64_t seq = sent_++;
  states_[seq] = State::in_flight;
  deadlines_.emplace_back(seq, now + timeout_);
  ++in_flight_;
  return seq;
}

EchoTracker::Answer EchoTracker::answer(std::uint64_t seq)
{
  if (seq >= sent_) return Answer::unknown;
  switch (states_[seq]) {
    case State::not_sent:
      return Answer::unknown;
    case State::answered:
      ++duplicate_;
      return Answer::duplicate;
    case State::lost:
      ++late_;
      return Answer::late;
    case State::in_flight:
      break;
  }
  states_[seq] = State::answered;
  --in_flight_;
  ++answered_;
  const bool reordered = highest_answered_ && seq < *highest_answered_;
  if (!highest_answered_ || seq > *highest_answered_) highest_answered_ = seq;
  if (!reordered) return Answer::answered;
  ++reordered_;
  return Answer::reordered;
}

void EchoTracker::expire(clock::time_point now)
{
  // Deadlines grow in sending order, so the expired ones are a prefix.
  while (!deadlines_.empty() && deadlines_.front().second <= now) {
    const std::uint64_t seq = deadlines_.front().first;
    deadlines_.pop_front();
    if (states_[seq] != State::in_flight) continue;
    states_[seq] = State::lost;
    --in_flight_;
    ++lost_;
  }
}

std::optional<EchoTracker::clock::time_point> EchoTracker::next_deadline()
{
  drop_settled_front();
  if (deadlines_.empty()) return std::nullopt;
  return deadlines_.front().second;
}

void EchoTracker::drop_settled_front()
{
  while (!deadlines_.empty() && states_[deadlines_.front().first] != State::in_flight)
    deadlines_.pop_front();
}

}  // namespace proactor::udp
