#include "loadgen/echo_worker.hpp"
#include "loadgen/run_support.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <utility>

namespace proactor::loadgen {
namespace asio = boost::asio;
namespace {

// Open loop: how many bytes of frames one connection may have unanswered before the run
// is declared failed (the server cannot sustain the rate).
constexpr std::size_t kOpenLoopBacklogBytes = 4 * 1024 * 1024;

}  // namespace

EchoWorker::EchoWorker(const LoadgenOptions& options, std::size_t first_id, std::size_t count)
    : options_(options), work_(io_.get_executor()), watchdog_(io_)
{
  // A measuring instrument on loopback: TLS without checking who answers.
  if (options.tls) tls_ = insecure_tls_context();
  const std::size_t wire = options.size + 4;
  const std::size_t backlog =
      options.rate > 0 ? std::clamp<std::size_t>(kOpenLoopBacklogBytes / wire, 16, 65'536) : 0;
  connections_.reserve(count);
  for (std::size_t i = 0; i < count; ++i)
    connections_.push_back(std::make_unique<EchoConnection>(io_, first_id + i, options.size,
                                                            options.in_flight(), backlog, result_,
                                                            tls_ ? &tls_->native() : nullptr));
  thread_ = std::thread([this] { io_.run(); });
}

EchoWorker::~EchoWorker()
{
  stop();
}

void EchoWorker::connect(const asio::ip::tcp::endpoint& server, Done done)
{
  asio::post(io_, [this, server, done = std::move(done)]() mutable {
    start_step(std::move(done));
    for (auto& connection : connections_) connection->connect(server, [this] { step_done(); });
  });
}

void EchoWorker::run(const Schedule& schedule, Clock::duration interval, Done done)
{
  asio::post(io_, [this, schedule, interval, done = std::move(done)]() mutable {
    start_step(std::move(done));
    for (auto& connection : connections_)
      connection->run(schedule, interval, [this] { step_done(); });
  });
}

void EchoWorker::start_step(Done done)
{
  step_done_ = std::move(done);
  step_remaining_ = connections_.size();
  if (!watching_) arm_watchdog();
}

void EchoWorker::step_done()
{
  if (--step_remaining_ == 0) {
    published_.store(result_.replies_seen, std::memory_order_relaxed);
    if (step_done_) std::exchange(step_done_, nullptr)();
  }
}

void EchoWorker::arm_watchdog()
{
  watching_ = true;
  watchdog_.expires_after(kWatchdogPeriod);
  watchdog_.async_wait([this](boost::system::error_code ec) {
    // A wait that had already completed when stop() cancelled it still runs, with success.
    if (ec || stopping_) return;
    const auto now = Clock::now();
    published_.store(result_.replies_seen, std::memory_order_relaxed);
    for (auto& connection : connections_) connection->check_stalled(now - options_.timeout, now);
    arm_watchdog();
  });
}

void EchoWorker::stop()
{
  if (!thread_.joinable()) return;
  asio::post(io_, [this] {
    stopping_ = true;
    watchdog_.cancel();
    for (auto& connection : connections_) connection->close();
    work_.reset();
    // The thread ends here, not when the context runs out of work: the closes' aborted
    // completions are queued ahead of this on epoll, while Asio 1.81's io_uring backend can
    // lose an operation pending on a closed socket, and the run would then never end.
    asio::post(io_, [this] { io_.stop(); });
  });
  thread_.join();
  published_.store(result_.replies_seen, std::memory_order_relaxed);
}

}  // namespace proactor::loadgen
