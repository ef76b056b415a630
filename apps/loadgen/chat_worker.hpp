#pragma once

#include "loadgen/loadgen_options.hpp"
#include "loadgen/run_result.hpp"
#include "loadgen/schedule.hpp"
#include <proactor/session/handler.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace proactor::loadgen {

/// One client thread of the chat mode: its share of chat clients (framework sessions from
/// `async_connect`, all handled inline on this thread, so nothing here takes a lock).
///
/// Client `i` is called `lg<i>`; clients `0..senders-1` send. A message's text is
/// `<seq>:<send time in ns>:` padded with `x` to `--size`, so any member can time it and
/// check that it arrives once, complete and in per-sender order. A sender keeps up to
/// `--window` messages ahead of its own copy coming back.
///
/// Public members are called from the main thread and post to this thread; `Done` callbacks
/// run on this thread.
class ChatWorker final : public Handler
{
 public:
  using Done = std::function<void()>;

  /// Clients `first..first+count-1`; times are measured from `epoch`. Starts the thread.
  ChatWorker(const LoadgenOptions& options, std::size_t first, std::size_t count,
             Clock::time_point epoch);
  /// Stops and joins the thread.
  ~ChatWorker() override;
  ChatWorker(const ChatWorker&) = delete;
  ChatWorker& operator=(const ChatWorker&) = delete;

  /// Connects every client, says hello, sets its nickname and joins the room; `done` once
  /// each has seen its pong (or failed). Main thread.
  void connect(Done done);
  /// The senders among this worker's clients send until `schedule.measure_end`; `done` once
  /// each has its own last message back. Main thread.
  void run(const Schedule& schedule, Done done);
  /// `done` once every client has received message `sent[s]-1` of every sender `s` (or
  /// failed). Main thread; after `run` completed on every worker.
  void drain(std::vector<std::uint64_t> sent, Done done);
  /// Closes every client and joins the thread. Main thread.
  void stop();

  /// Messages sent by each of this worker's senders (indexed by sender number; zero for
  /// other workers' senders). Main thread, after `run` completed.
  const std::vector<std::uint64_t>& sent() const noexcept { return sent_; }
  /// Deliveries so far, for the progress line. Any thread.
  std::uint64_t replies_seen() const noexcept { return published_.load(std::memory_order_relaxed); }
  /// What this worker measured; after `stop()`.
  const RunResult& result() const noexcept { return result_; }

  void on_open(const SessionPtr& session) override;
  void on_frame(const SessionPtr& session, ConstBytes payload) override;
  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override;

 private:
  struct Client;

  void begin(Done done, std::size_t waiting);
  void complete(Client& client);
  void on_message(Client& client, std::string_view nick, std::string_view text);
  void send_message(Client& client);
  void check_drained(Client& client);
  void fail(std::size_t local, const std::string& what);
  void arm_watchdog();

  const LoadgenOptions& options_;
  Clock::time_point epoch_;
  std::size_t first_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::steady_timer watchdog_;
  std::vector<Client> clients_;
  std::vector<std::uint64_t> sent_;      // per sender number, for this worker's senders
  std::vector<std::uint64_t> expected_;  // drain targets, per sender number
  Schedule schedule_{};
  std::string padding_;
  Done done_;
  std::size_t waiting_ = 0;
  bool draining_ = false;
  bool stopping_ = false;
  RunResult result_;
  std::atomic<std::uint64_t> published_{0};
  std::thread thread_;
};

}  // namespace proactor::loadgen
