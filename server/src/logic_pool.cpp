#include "logic_send_batch.hpp"
#include <proactor/server/logic_pool.hpp>

#include <boost/asio/post.hpp>

#include <atomic>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace proactor {

// The dispatcher's handle on a session, kept in `Session::dispatch_slot()` from on_open
// until the close job ran: it holds the session alive while jobs refer to it by pointer.
struct LogicPool::Anchor
{
  SessionPtr session;
  std::size_t producer;
  std::size_t consumer;
  // Bytes of this session's frames handed over and not yet run; the I/O thread adds, the
  // logic thread subtracts.
  std::atomic<std::size_t> backlog{0};
  // The session stopped reading for its backlog; whoever clears it resumes the session.
  std::atomic<bool> over{false};
};

LogicPool::LogicPool(std::size_t threads, std::size_t capacity, Dispatcher& inner, IoPool& io,
                     std::size_t backlog_bytes)
    : inner_(inner),
      io_(io),
      backlog_bytes_(backlog_bytes),
      queue_(io.size(), std::max<std::size_t>(threads, 1), capacity,
             [this](std::size_t p, std::size_t c) { on_room(p, c); }),
      flush_posted_(std::make_unique<ProducerFlag[]>(io.size()))
{
  arenas_.reserve(queue_.producers() * queue_.consumers());
  for (std::size_t i = 0; i < queue_.producers() * queue_.consumers(); ++i)
    arenas_.push_back(std::make_unique<FrameArena>(kArenaBytes, kArenaMaxFrame));
}

FrameArena& LogicPool::arena(const Anchor& anchor) noexcept
{
  return *arenas_[anchor.producer * queue_.consumers() + anchor.consumer];
}

LogicPool::~LogicPool()
{
  stop();
}

void LogicPool::start()
{
  for (std::size_t c = 0; c < queue_.consumers(); ++c) {
    batches_.push_back(std::make_unique<LogicSendBatch>(io_));
    threads_.emplace_back([this, c, batch = batches_.back().get()] { run(c, *batch); });
  }
}

void LogicPool::run(std::size_t consumer, LogicSendBatch& batch)
{
  constexpr std::size_t kBatch = 256;
  const SendBatch::Scope sends(batch);
  for (;;) {
    const std::size_t ran =
        queue_.consume(consumer, kBatch, [this](const Job& job) { execute(job); });
    if (ran > 0) {
      // The replies of the batch leave before the jobs count as done: wait_idle() promises
      // that what the handlers sent is on its way.
      batch.flush();
      finished(ran);
      continue;
    }
    if (stopping_.load(std::memory_order_acquire)) return;
    queue_.wait(consumer);
  }
}

void LogicPool::execute(const Job& job)
{
  auto* anchor = static_cast<Anchor*>(job.anchor);
  switch (job.kind) {
    case Job::Kind::open:
      inner_.on_open(anchor->session);
      break;
    case Job::Kind::frame:
      inner_.on_frame(anchor->session, ConstBytes(job.data, job.size));
      if (job.arena != 0)
        arena(*anchor).release(job.arena);
      else
        delete[] job.data;
      ran_frame(*anchor, job.size);
      break;
    case Job::Kind::unwritable:
      inner_.on_unwritable(anchor->session);
      break;
    case Job::Kind::writable:
      inner_.on_writable(anchor->session);
      break;
    case Job::Kind::close:
      inner_.on_close(anchor->session, job.reason,
                      job.ec_category ? boost::system::error_code(job.ec_value, *job.ec_category)
                                      : boost::system::error_code());
      delete anchor;  // may destroy the session, here on the logic thread: it is closed
      break;
  }
}

void LogicPool::finished(std::size_t jobs) noexcept
{
  const auto n = static_cast<std::int64_t>(jobs);
  if (outstanding_.fetch_sub(n, std::memory_order_seq_cst) == n &&
      idle_wanted_.load(std::memory_order_seq_cst)) {
    std::lock_guard lock(idle_mutex_);
    idle_.notify_all();
  }
}

bool LogicPool::wait_idle(std::chrono::milliseconds timeout)
{
  idle_wanted_.store(true, std::memory_order_seq_cst);
  std::unique_lock lock(idle_mutex_);
  return idle_.wait_for(lock, timeout,
                        [this] { return outstanding_.load(std::memory_order_seq_cst) == 0; });
}

void LogicPool::stop()
{
  stopping_.store(true, std::memory_order_release);
  for (std::size_t c = 0; c < queue_.consumers(); ++c) queue_.wake(c);
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
  threads_.clear();
}

void LogicPool::push_control(const SessionPtr& session, Job job)
{
  auto* anchor = static_cast<Anchor*>(session->dispatch_slot());
  job.anchor = anchor;
  outstanding_.fetch_add(1, std::memory_order_relaxed);
  queue_.push_control(anchor->producer, anchor->consumer, job);
  queue_.flush(anchor->producer);
}

void LogicPool::on_open(const SessionPtr& session)
{
  const std::size_t producer = IoPool::current_index();
  if (producer == IoPool::npos || producer >= queue_.producers())
    throw std::logic_error("LogicPool: session event outside the server's I/O threads");
  session->dispatch_slot() =
      new Anchor{session, producer, static_cast<std::size_t>(session->id() % queue_.consumers())};
  push_control(session, Job{.kind = Job::Kind::open});
}

// On the session's I/O thread: true when the session must stop reading for its backlog.
bool LogicPool::over_backlog(Anchor& anchor, std::size_t size)
{
  if (backlog_bytes_ == 0) return false;
  const std::size_t waiting = anchor.backlog.load(std::memory_order_seq_cst);
  if (waiting == 0 || waiting + size <= backlog_bytes_) return false;
  anchor.over.store(true, std::memory_order_seq_cst);
  // The logic thread may have caught up between the load and the store, and then found no
  // flag to clear: look again, and take the frame if the flag is still ours to clear.
  if (anchor.backlog.load(std::memory_order_seq_cst) * 2 <= backlog_bytes_ &&
      anchor.over.exchange(false, std::memory_order_seq_cst))
    return false;
  return true;
}

// On the logic thread, after a frame ran.
void LogicPool::ran_frame(Anchor& anchor, std::size_t size)
{
  const std::size_t left = anchor.backlog.fetch_sub(size, std::memory_order_seq_cst) - size;
  if (left * 2 <= backlog_bytes_ && anchor.over.load(std::memory_order_seq_cst) &&
      anchor.over.exchange(false, std::memory_order_seq_cst))
    anchor.session->resume_reading();  // posted to the session's executor
}

bool LogicPool::on_frame(const SessionPtr& session, ConstBytes payload)
{
  auto* anchor = static_cast<Anchor*>(session->dispatch_slot());
  if (over_backlog(*anchor, payload.size())) return false;  // the session pauses itself
  Job job{.anchor = anchor, .size = static_cast<std::uint32_t>(payload.size())};
  FrameArena::Block block;
  if (!payload.empty()) {
    // The payload lives in the session's read buffer only during this call: copy it into
    // the lane's arena, or onto the heap when it is large or the arena is full.
    block = arena(*anchor).allocate(payload.size());
    job.data = block.data ? block.data : new std::byte[payload.size()];
    job.arena = block.advance;
    std::memcpy(job.data, payload.data(), payload.size());
  }
  outstanding_.fetch_add(1, std::memory_order_relaxed);
  anchor->backlog.fetch_add(payload.size(), std::memory_order_seq_cst);
  if (queue_.try_push_frame(anchor->producer, anchor->consumer, job)) return true;
  anchor->backlog.fetch_sub(payload.size(), std::memory_order_seq_cst);
  outstanding_.fetch_sub(1, std::memory_order_relaxed);
  if (block.data)
    arena(*anchor).unallocate(block);
  else
    delete[] job.data;
  queue_.park(anchor->producer, anchor->consumer, session);
  return false;
}

void LogicPool::flush()
{
  // Once per reactor cycle, not once per read: the flush is posted behind the read
  // completions this cycle already has queued, so a hundred connections that became
  // readable together cost the logic thread one wake-up (and the core one switch), not a
  // hundred. Posting on the thread's own context reuses its handler memory: no allocation.
  const std::size_t producer = IoPool::current_index();
  if (std::exchange(flush_posted_[producer].value, true)) return;
  boost::asio::post(io_.at(producer), [this, producer] {
    flush_posted_[producer].value = false;
    queue_.flush(producer);
  });
}

void LogicPool::on_unwritable(const SessionPtr& session)
{
  push_control(session, Job{.kind = Job::Kind::unwritable});
}

void LogicPool::on_writable(const SessionPtr& session)
{
  push_control(session, Job{.kind = Job::Kind::writable});
}

void LogicPool::on_close(const SessionPtr& session, CloseReason reason,
                         boost::system::error_code ec)
{
  push_control(session, Job{.kind = Job::Kind::close,
                            .reason = reason,
                            .ec_value = ec.value(),
                            .ec_category = ec ? &ec.category() : nullptr});
  session->dispatch_slot() = nullptr;
}

void LogicPool::on_room(std::size_t producer, std::size_t consumer)
{
  // On a logic thread: the parked sessions belong to the producer's I/O thread.
  boost::asio::post(io_.at(producer), [this, producer, consumer] {
    for (const auto& session : queue_.unpark(producer, consumer)) session->resume_reading();
  });
}

}  // namespace proactor
