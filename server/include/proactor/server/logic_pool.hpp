#pragma once

#include <proactor/server/frame_arena.hpp>
#include <proactor/server/io_pool.hpp>
#include <proactor/server/job_queue.hpp>
#include <proactor/session/dispatcher.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace proactor {

class LogicSendBatch;

/// Queued dispatch: M logic threads run the session events that the I/O threads hand over
/// through a `JobQueue`. A session is sharded to logic thread `id % M` for life, so its
/// events run in arrival order on one thread, and with M = 1 the whole application runs on
/// one thread and needs no locks. When a session's lane is full the session stops reading
/// until there is room (nothing is dropped, no I/O thread blocks or spins); so does a
/// session with more than `backlog_bytes` of frames waiting, until half of them ran.
///
/// It wraps another dispatcher (`inner`) that it calls on the logic threads.
class LogicPool final : public Dispatcher
{
 public:
  /// `threads` logic threads (at least 1), `capacity` jobs per (I/O thread, logic thread)
  /// lane, at most `backlog_bytes` of one session's frames waiting (0: no bound; see
  /// `ServerConfig::logic_backlog_bytes`). `inner` and `io` must outlive the pool. Any
  /// thread.
  LogicPool(std::size_t threads, std::size_t capacity, Dispatcher& inner, IoPool& io,
            std::size_t backlog_bytes = 0);
  /// Stops and joins.
  ~LogicPool() override;

  /// Starts the logic threads. Call once.
  void start();
  /// Waits until every job handed over so far has run (bounded by `timeout`). Any thread
  /// but a logic thread.
  bool wait_idle(std::chrono::milliseconds timeout);
  /// Stops the threads after the jobs queued so far, and joins them. Not from a logic thread.
  void stop();

  // Dispatcher: called on the session's I/O thread.
  void on_open(const SessionPtr& session) override;
  bool on_frame(const SessionPtr& session, ConstBytes payload) override;
  void flush() override;
  void on_unwritable(const SessionPtr& session) override;
  void on_writable(const SessionPtr& session) override;
  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override;

 private:
  struct Anchor;
  void run(std::size_t consumer, LogicSendBatch& batch);
  void execute(const Job& job);
  void push_control(const SessionPtr& session, Job job);
  void on_room(std::size_t producer, std::size_t consumer);
  void finished(std::size_t jobs) noexcept;
  FrameArena& arena(const Anchor& anchor) noexcept;

  // A lane's frame copies: enough for a full read chunk of small frames many times over;
  // a frame above 16 KiB is copied onto the heap (its copy costs more than the allocation).
  static constexpr std::size_t kArenaBytes = 256 * 1024;
  static constexpr std::size_t kArenaMaxFrame = 16 * 1024;
  bool over_backlog(Anchor& anchor, std::size_t size);
  void ran_frame(Anchor& anchor, std::size_t size);

  Dispatcher& inner_;
  IoPool& io_;
  std::size_t backlog_bytes_;
  JobQueue queue_;
  std::vector<std::unique_ptr<FrameArena>> arenas_;       // one per lane, producer * C + consumer
  std::vector<std::unique_ptr<LogicSendBatch>> batches_;  // one per logic thread
  std::vector<std::thread> threads_;
  // Per I/O thread, touched only by it: a flush of its staged jobs is already posted.
  struct alignas(64) ProducerFlag
  {
    bool value = false;
  };
  std::unique_ptr<ProducerFlag[]> flush_posted_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> outstanding_{0};
  std::atomic<bool> idle_wanted_{false};
  std::mutex idle_mutex_;
  std::condition_variable idle_;
};

}  // namespace proactor
