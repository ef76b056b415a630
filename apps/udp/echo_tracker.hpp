#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

namespace proactor::udp {

/// The bookkeeping of `proactor-udp-echo-client`, without sockets: which sequence numbers to
/// send while at most `window` wait for an answer, which answers count, and which datagrams are
/// lost because no answer came within `timeout` of their sending.
///
///   not sent ──next()──> in flight ──answer()──> answered   (reordered: below the highest
///                            │                                 answered so far; still answered)
///                            └──expire(now)──> lost ──answer()──> late (stays lost)
///   answered ──answer()──> duplicate
///
/// So `sent == answered + lost` once `done()`, whatever the network does. Not thread safe;
/// one owner (the client's I/O thread).
class EchoTracker
{
 public:
  using clock = std::chrono::steady_clock;

  /// What an answer turned out to be.
  enum class Answer : std::uint8_t
  {
    answered,   ///< first answer for a datagram in flight
    reordered,  ///< as `answered`, but a later datagram was answered first
    late,       ///< for a datagram already counted lost
    duplicate,  ///< a second answer for an answered datagram
    unknown,    ///< a sequence number never sent
  };

  /// Tracks `count` datagrams (sequence numbers 0..count-1), at most `window` in flight.
  EchoTracker(std::uint64_t count, std::size_t window, clock::duration timeout);

  /// The next sequence number to send at `now`, recorded as in flight; nullopt when the window
  /// is full or everything was sent.
  std::optional<std::uint64_t> next(clock::time_point now);
  /// Records an answer for `seq`.
  Answer answer(std::uint64_t seq);
  /// Counts as lost every datagram in flight whose deadline is at or before `now`.
  void expire(clock::time_point now);
  /// When the oldest datagram in flight times out; nullopt when none is in flight.
  std::optional<clock::time_point> next_deadline();
  /// True when everything was sent and nothing is in flight.
  bool done() const noexcept { return sent_ == count_ && in_flight_ == 0; }

  /// Datagrams handed out by `next`.
  std::uint64_t sent() const noexcept { return sent_; }
  /// Datagrams answered in time (reordered ones included).
  std::uint64_t answered() const noexcept { return answered_; }
  /// Datagrams not answered within the timeout.
  std::uint64_t lost() const noexcept { return lost_; }
  /// Answers that came after their datagram was counted lost.
  std::uint64_t late() const noexcept { return late_; }
  /// Second and later answers for one datagram.
  std::uint64_t duplicate() const noexcept { return duplicate_; }
  /// Answers that came after the answer of a later datagram.
  std::uint64_t reordered() const noexcept { return reordered_; }
  /// Datagrams sent and neither answered nor lost yet.
  std::size_t in_flight() const noexcept { return in_flight_; }

 private:
  enum class State : std::uint8_t
  {
    not_sent,
    in_flight,
    answered,
    lost
  };

  void drop_settled_front();

  std::uint64_t count_;
  std::size_t window_;
  clock::duration timeout_;
  std::vector<State> states_;  // one byte per datagram: the reason `--count` is bounded
  std::deque<std::pair<std::uint64_t, clock::time_point>> deadlines_;  // in sending order
  std::size_t in_flight_ = 0;
  std::optional<std::uint64_t> highest_answered_;
  std::uint64_t sent_ = 0;
  std::uint64_t answered_ = 0;
  std::uint64_t lost_ = 0;
  std::uint64_t late_ = 0;
  std::uint64_t duplicate_ = 0;
  std::uint64_t reordered_ = 0;
};

}  // namespace proactor::udp
