#pragma once

#include "loadgen/echo_connection.hpp"
#include "loadgen/loadgen_options.hpp"
#include "loadgen/run_result.hpp"
#include "loadgen/schedule.hpp"
#include <proactor/tls/tls_context.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace proactor::loadgen {

/// One client thread: an event loop and its share of the echo connections.
///
/// The public members are called from the coordinating (main) thread and post to the
/// worker's loop; the callbacks they take run on the worker's thread.
class EchoWorker
{
 public:
  /// Runs once on the worker's thread when every connection has finished a step.
  using Done = std::function<void()>;

  /// A worker for connections numbered `first_id`..`first_id + count - 1`. Starts its
  /// thread.
  EchoWorker(const LoadgenOptions& options, std::size_t first_id, std::size_t count);
  /// Stops and joins the thread.
  ~EchoWorker();
  EchoWorker(const EchoWorker&) = delete;
  EchoWorker& operator=(const EchoWorker&) = delete;

  /// Connects every connection to `server`; then `done`. Main thread.
  void connect(const boost::asio::ip::tcp::endpoint& server, Done done);
  /// Runs one traffic phase on every connection (open loop when `interval` is positive);
  /// then `done`. Main thread.
  void run(const Schedule& schedule, Clock::duration interval, Done done);
  /// Closes every connection and joins the thread; `result()` is final afterwards. Main
  /// thread.
  void stop();

  /// Replies seen so far, for the progress line; lags by up to 100 ms. Any thread.
  std::uint64_t replies_seen() const noexcept { return published_.load(std::memory_order_relaxed); }
  /// What this worker measured; read after `stop()`.
  const RunResult& result() const noexcept { return result_; }

 private:
  void start_step(Done done);
  void step_done();
  void arm_watchdog();

  const LoadgenOptions& options_;
  // Declared first so that it outlives the connections whose handlers it may still hold.
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  boost::asio::steady_timer watchdog_;
  RunResult result_;
  std::optional<tls::TlsContext> tls_;  // with --tls; outlives the connections using it
  std::vector<std::unique_ptr<EchoConnection>> connections_;
  std::size_t step_remaining_ = 0;
  Done step_done_;
  bool watching_ = false;
  bool stopping_ = false;
  std::atomic<std::uint64_t> published_{0};
  std::thread thread_;
};

}  // namespace proactor::loadgen
