#pragma once

#include <proactor/session/close_reason.hpp>
#include <proactor/session/session.hpp>

#include <boost/lockfree/spsc_queue.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace proactor {

/// One unit of work for a logic thread: a session event. Trivially copyable (the ring
/// copies it); who owns `anchor` and `data` is the dispatcher's business.
struct Job
{
  enum class Kind : std::uint8_t
  {
    open,
    frame,
    unwritable,
    writable,
    close
  };
  void* anchor = nullptr;     ///< the dispatcher's handle on the session
  std::byte* data = nullptr;  ///< frame payload (kind == frame)
  std::uint32_t size = 0;     ///< payload bytes
  std::uint32_t arena = 0;    ///< bytes `data` holds in the lane's arena (0: on the heap)
  Kind kind = Kind::frame;
  CloseReason reason = CloseReason::local_close;  ///< kind == close
  int ec_value = 0;                               ///< kind == close: the error, split so
  const boost::system::error_category* ec_category = nullptr;  ///< that Job stays trivial
};

/// Hands jobs from P producer threads (the I/O threads) to C consumer threads (the logic
/// threads). Sans-io: no sockets, no executors.
///
/// Layout: one wait-free single-producer/single-consumer ring (Boost.Lockfree `spsc_queue`)
/// per (producer, consumer) pair — a "lane". A session has one I/O thread and is sharded to
/// one logic thread, so all its events travel one lane and arrive in order. No CAS, no lock
/// and no contention on the hot path; see docs/architecture.md for the measurement.
///
/// Producers stage jobs and publish them with `flush(p)` — once per read, so a read that
/// decoded fifty frames costs one index update and at most one wake-up per lane, not fifty.
/// Consumers pop a batch at a time. Room is accounted when a job is staged, so a staged job
/// always fits when it is published.
///
/// Bounded: a frame that does not fit is refused (`try_push_frame` returns false) and the
/// producer parks the session; when the consumer frees room it calls `on_room(p, c)`, and
/// the producer's `unpark` returns the sessions to resume. Open/close/writable events are
/// never refused: they wait in a small producer-side overflow, which also holds frames back
/// so nothing overtakes them. Idle consumers sleep in `wait` (a futex on Linux, WaitOnAddress on
/// Windows) and producers wake them only when they actually sleep.
class JobQueue
{
 public:
  /// Called (on a consumer thread) when a lane with parked work has room again; the
  /// callee should get `unpark(p, c)` run on producer p's thread.
  using OnRoom = std::function<void(std::size_t producer, std::size_t consumer)>;

  /// `capacity` jobs per lane (at least 2). Any thread.
  JobQueue(std::size_t producers, std::size_t consumers, std::size_t capacity, OnRoom on_room);
  ~JobQueue();
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // ---- producer p's thread only ----

  /// Stages a frame job; false when the lane is full (or holds overflow that must go first).
  /// Published by the next `flush(p)`.
  bool try_push_frame(std::size_t p, std::size_t c, const Job& job);
  /// Stages a job that must not be refused (open, writable, close). Never fails. Published
  /// by the next `flush(p)` (or by `unpark` if it had to wait in the overflow).
  void push_control(std::size_t p, std::size_t c, const Job& job);
  /// Publishes everything producer p staged and wakes the consumers that sleep.
  void flush(std::size_t p);
  /// Remembers `session` as waiting for room on lane (p, c) and arranges an `on_room` call.
  void park(std::size_t p, std::size_t c, SessionPtr session);
  /// Moves overflow into the lane as far as it fits and returns the parked sessions, to be
  /// resumed in order. Re-arranges a wake-up if overflow remains.
  std::vector<SessionPtr> unpark(std::size_t p, std::size_t c);

  // ---- consumer c's thread only ----

  /// Runs `run(const Job&)` for up to `max_jobs` published jobs across consumer c's lanes
  /// (taken off the lane a batch at a time, so their room is free while they run). Returns
  /// how many ran.
  template <class Run>
  std::size_t consume(std::size_t c, std::size_t max_jobs, Run&& run);
  /// Sleeps until a producer queues work for consumer c or `wake(c)` is called. Returns at
  /// once if work is already there or a wake came since the last return (so a wake is never
  /// lost between checking a condition and calling this); may return spuriously.
  void wait(std::size_t c);

  // ---- any thread ----

  /// Wakes consumer c if it sleeps (e.g. to let it see a stop flag).
  void wake(std::size_t c);
  /// Producers and consumers this queue was made for.
  std::size_t producers() const noexcept { return producers_; }
  std::size_t consumers() const noexcept { return consumers_; }
  /// Jobs per lane.
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  struct Lane;
  struct alignas(64) Sleeper
  {
    std::atomic<bool> sleeping{false};
    std::atomic<std::uint32_t> signal{0};
    std::uint32_t seen = 0;  // consumer only
  };

  Lane& lane(std::size_t p, std::size_t c) noexcept { return *lanes_[p * consumers_ + c]; }
  bool has_work(std::size_t c) noexcept;
  void notify_consumer(std::size_t c);
  void request_room(std::size_t p, std::size_t c);
  void after_consume(std::size_t p, std::size_t c);
  bool stage(std::size_t p, std::size_t c, const Job& job);

  std::size_t producers_;
  std::size_t consumers_;
  std::size_t capacity_;
  OnRoom on_room_;
  int spin_rounds_;  // before a consumer sleeps; 0 when the process has only one CPU
  std::vector<std::unique_ptr<Lane>> lanes_;
  std::unique_ptr<Sleeper[]> sleepers_;
  std::vector<std::vector<std::size_t>> dirty_;  // per producer: consumers with staged jobs
};

struct alignas(64) JobQueue::Lane
{
  explicit Lane(std::size_t capacity) : ring(capacity) {}
  boost::lockfree::spsc_queue<Job> ring;
  std::atomic<bool> wants_room{false};  // producer parked something; consumer reports room
  // Producer-only from here on.
  std::vector<Job> staged;  // accepted, not yet published
  std::size_t room = 0;     // free slots known to the producer, staged jobs deducted
  std::deque<Job> overflow;
  std::vector<SessionPtr> parked;
};

template <class Run>
std::size_t JobQueue::consume(std::size_t c, std::size_t max_jobs, Run&& run)
{
  constexpr std::size_t kPop = 64;
  Job batch[kPop];
  std::size_t total = 0;
  for (std::size_t p = 0; p < producers_ && total < max_jobs; ++p) {
    Lane& l = lane(p, c);
    // Fair share per lane per round, so one busy I/O thread cannot starve the others.
    const std::size_t share = std::max<std::size_t>(1, (max_jobs - total) / (producers_ - p));
    std::size_t ran = 0;
    while (ran < share) {
      const std::size_t n = l.ring.pop(batch, std::min(kPop, share - ran));
      if (n == 0) break;
      // A parked producer hears of the room before these jobs run, not after; the fenced
      // check below closes the race this cheap look can lose.
      if (l.wants_room.load(std::memory_order_relaxed)) after_consume(p, c);
      for (std::size_t i = 0; i < n; ++i) run(static_cast<const Job&>(batch[i]));
      ran += n;
    }
    if (ran) after_consume(p, c);
    total += ran;
  }
  return total;
}

}  // namespace proactor
