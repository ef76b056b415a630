#include "word_wait.hpp"
#include <proactor/server/job_queue.hpp>

#include <stdexcept>

namespace proactor {

static_assert(std::is_trivially_copyable_v<Job>, "Job is copied into a lock-free ring");

namespace {

// About 20-60 µs of pause instructions, depending on the CPU: long enough to catch the next
// read of a busy I/O thread on another core.
constexpr int kSpinRounds = 2000;

// The store→load barrier of the Dekker handshakes below (producer: publish, then look at
// "sleeping"; consumer: say "sleeping", then look for work). ThreadSanitizer does not
// model standalone fences, so under it every barrier is a read-modify-write of one shared
// atomic instead: RMWs on one location are totally ordered, which gives the same guarantee
// in a form the tool understands (at the cost of a shared cache line).
std::atomic<std::uint32_t> barrier_gate{0};

inline void store_load_barrier() noexcept
{
#if defined(__SANITIZE_THREAD__)
  barrier_gate.fetch_add(0, std::memory_order_acq_rel);
#else
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

inline void cpu_relax() noexcept
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

JobQueue::JobQueue(std::size_t producers, std::size_t consumers, std::size_t capacity,
                   OnRoom on_room)
    : producers_(producers),
      consumers_(consumers),
      capacity_(capacity),
      on_room_(std::move(on_room)),
      spin_rounds_(detail::usable_cpus() > 1 ? kSpinRounds : 0),
      sleepers_(std::make_unique<Sleeper[]>(consumers)),
      dirty_(producers)
{
  if (producers == 0 || consumers == 0) throw std::invalid_argument("JobQueue: no threads");
  if (capacity < 2) throw std::invalid_argument("JobQueue: capacity below 2");
  lanes_.reserve(producers * consumers);
  for (std::size_t i = 0; i < producers * consumers; ++i)
    lanes_.push_back(std::make_unique<Lane>(capacity));
}

JobQueue::~JobQueue() = default;

bool JobQueue::stage(std::size_t p, std::size_t c, const Job& job)
{
  Lane& l = lane(p, c);
  if (l.room == 0) {
    // Refresh from the ring only when the cached room is used up: one look at the
    // consumer's index per many jobs.
    const std::size_t available = l.ring.write_available();
    l.room = available > l.staged.size() ? available - l.staged.size() : 0;
    if (l.room == 0) return false;
  }
  --l.room;
  if (l.staged.empty()) dirty_[p].push_back(c);
  l.staged.push_back(job);
  return true;
}

bool JobQueue::try_push_frame(std::size_t p, std::size_t c, const Job& job)
{
  return lane(p, c).overflow.empty() && stage(p, c, job);
}

void JobQueue::push_control(std::size_t p, std::size_t c, const Job& job)
{
  Lane& l = lane(p, c);
  if (l.overflow.empty() && stage(p, c, job)) return;
  l.overflow.push_back(job);
  request_room(p, c);
}

void JobQueue::flush(std::size_t p)
{
  for (const std::size_t c : dirty_[p]) {
    Lane& l = lane(p, c);
    // Room was reserved when each job was staged, so all of them fit.
    l.ring.push(l.staged.data(), l.staged.size());
    l.staged.clear();
    notify_consumer(c);
  }
  dirty_[p].clear();
}

void JobQueue::park(std::size_t p, std::size_t c, SessionPtr session)
{
  lane(p, c).parked.push_back(std::move(session));
  request_room(p, c);
}

std::vector<SessionPtr> JobQueue::unpark(std::size_t p, std::size_t c)
{
  flush(p);  // staged jobs go before anything that was waiting
  Lane& l = lane(p, c);
  l.room = 0;
  bool moved = false;
  while (!l.overflow.empty() && l.ring.push(l.overflow.front())) {
    l.overflow.pop_front();
    moved = true;
  }
  if (moved) notify_consumer(c);
  if (!l.overflow.empty()) {
    request_room(p, c);  // parked sessions keep waiting behind the overflow
    return {};
  }
  return std::exchange(l.parked, {});
}

void JobQueue::request_room(std::size_t p, std::size_t c)
{
  Lane& l = lane(p, c);
  l.wants_room.store(true, std::memory_order_seq_cst);
  // The consumer may have emptied the lane before it could see wants_room; whoever takes
  // the flag back first reports the room, so exactly one on_room call happens.
  store_load_barrier();
  if (l.ring.write_available() > l.staged.size() && l.wants_room.exchange(false)) on_room_(p, c);
}

void JobQueue::after_consume(std::size_t p, std::size_t c)
{
  Lane& l = lane(p, c);
  store_load_barrier();
  if (l.wants_room.load(std::memory_order_relaxed) && l.wants_room.exchange(false)) on_room_(p, c);
}

bool JobQueue::has_work(std::size_t c) noexcept
{
  for (std::size_t p = 0; p < producers_; ++p)
    if (lane(p, c).ring.read_available() > 0) return true;
  return false;
}

void JobQueue::notify_consumer(std::size_t c)
{
  Sleeper& s = sleepers_[c];
  // Pairs with the fence in wait(): either the consumer sees our job, or we see it asleep.
  store_load_barrier();
  if (s.sleeping.load(std::memory_order_relaxed)) wake(c);
}

void JobQueue::wake(std::size_t c)
{
  Sleeper& s = sleepers_[c];
  s.signal.fetch_add(1, std::memory_order_release);
  detail::wake_one(s.signal);
}

void JobQueue::wait(std::size_t c)
{
  Sleeper& s = sleepers_[c];
  // Spin first: under load the next job is usually that close, and a futex sleep plus wake
  // costs the producer a syscall per job. An idle consumer still sleeps right after. Not on
  // a single CPU: there the producer cannot run until this thread gives the core up, so
  // every round only delays the job it waits for.
  for (int i = 0; i < spin_rounds_; ++i) {
    if (has_work(c) || s.signal.load(std::memory_order_relaxed) != s.seen) break;
    cpu_relax();
  }
  s.sleeping.store(true, std::memory_order_relaxed);
  store_load_barrier();
  // `seen` is the signal count at the last return: a wake() issued at any time since then,
  // even before this call, makes the wait return at once instead of being lost.
  if (!has_work(c)) detail::wait_while_equal(s.signal, s.seen);
  s.seen = s.signal.load(std::memory_order_acquire);
  s.sleeping.store(false, std::memory_order_relaxed);
}

}  // namespace proactor
