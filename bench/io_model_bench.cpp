// I/O threading model: one io_context per I/O thread (what IoPool does) against one shared
// io_context run by N threads with a strand per connection. Both servers are plain
// raw-Asio byte echoes (async_read_some -> async_write, 16 KiB buffer per connection), so
// the only difference is how handlers are scheduled. An in-process client opens C loopback
// connections, each with one message of B bytes in flight (ping-pong), warms up, then
// measures: round trips per second, server CPU per round trip (from the server threads'
// own CPU clocks), and p50/p99 round-trip latency. Models alternate A,B,A,B... so both see
// the same machine conditions; each rep is printed, then median (min-max) per model.
//
//   io_model_bench [--threads N] [--conns C] [--size B] [--seconds D] [--reps R]
//                  [--model per-thread|strand|both] [--client-threads K]
//
// Does not use Google Benchmark: a run is one multi-second load test, not a loop body.
// Every phase has a deadline; on any error the program prints one line and exits 1.
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <string>
#include <string_view>
#include <thread>
#include <time.h>
#include <utility>
#include <vector>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

[[noreturn]] void die(const std::string& message)
{
  std::fprintf(stderr, "io_model_bench: error: %s\n", message.c_str());
  std::fflush(stdout);
  std::_Exit(1);
}

// ---------------------------------------------------------------------------------------
// Options

enum class Model
{
  per_thread,
  strand
};

const char* model_name(Model m)
{
  return m == Model::per_thread ? "per-thread" : "strand";
}

struct Options
{
  std::size_t threads = 2;
  std::size_t client_threads = 1;
  std::size_t conns = 100;
  std::size_t size = 64;
  std::size_t seconds = 3;
  std::size_t reps = 3;
  double warmup_seconds = 1.0;
  std::vector<Model> models{Model::per_thread, Model::strand};
};

std::size_t parse_count(std::string_view flag, const char* text, std::size_t min, std::size_t max)
{
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || v < min || v > max)
    die(std::string(flag) + " expects an integer in [" + std::to_string(min) + ", " +
        std::to_string(max) + "], got '" + text + "'");
  return static_cast<std::size_t>(v);
}

Options parse_options(int argc, char** argv)
{
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::printf(
          "usage: io_model_bench [--threads N] [--conns C] [--size B] [--seconds D] "
          "[--reps R] [--model per-thread|strand|both] [--client-threads K]\n");
      std::exit(0);
    }
    if (i + 1 >= argc) die("missing value after " + std::string(flag));
    const char* value = argv[++i];
    if (flag == "--threads")
      o.threads = parse_count(flag, value, 1, 256);
    else if (flag == "--client-threads")
      o.client_threads = parse_count(flag, value, 1, 256);
    else if (flag == "--conns")
      o.conns = parse_count(flag, value, 1, 20000);
    else if (flag == "--size")
      o.size = parse_count(flag, value, 1, 16u << 20);
    else if (flag == "--seconds")
      o.seconds = parse_count(flag, value, 1, 600);
    else if (flag == "--reps")
      o.reps = parse_count(flag, value, 1, 100);
    else if (flag == "--model") {
      const std::string_view v = value;
      if (v == "per-thread")
        o.models = {Model::per_thread};
      else if (v == "strand")
        o.models = {Model::strand};
      else if (v == "both")
        o.models = {Model::per_thread, Model::strand};
      else
        die("--model expects per-thread, strand or both, got '" + std::string(v) + "'");
    } else
      die("unknown flag '" + std::string(flag) + "' (see --help)");
  }
  return o;
}

// ---------------------------------------------------------------------------------------
// Watchdog: every phase arms a deadline; missing it ends the process with one line.

class Watchdog
{
 public:
  Watchdog() : thread_([this] { loop(); }) {}
  ~Watchdog()
  {
    {
      std::lock_guard lock(mutex_);
      quit_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  void arm(std::string phase, std::chrono::milliseconds budget)
  {
    {
      std::lock_guard lock(mutex_);
      phase_ = std::move(phase);
      deadline_ = Clock::now() + budget;
      armed_ = true;
    }
    cv_.notify_all();
  }
  void disarm()
  {
    std::lock_guard lock(mutex_);
    armed_ = false;
  }

 private:
  void loop()
  {
    std::unique_lock lock(mutex_);
    while (!quit_) {
      if (!armed_) {
        cv_.wait(lock);
        continue;
      }
      const auto deadline = deadline_;
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && armed_ &&
          deadline_ == deadline && Clock::now() >= deadline)
        die("deadline exceeded in phase '" + phase_ + "'");
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::string phase_;
  Clock::time_point deadline_{};
  bool armed_ = false;
  bool quit_ = false;
  std::thread thread_;
};

double thread_cpu_seconds(std::thread& t)
{
  clockid_t id{};
  if (const int rc = pthread_getcpuclockid(t.native_handle(), &id); rc != 0)
    die(std::string("pthread_getcpuclockid: ") + std::strerror(rc));
  timespec ts{};
  if (clock_gettime(id, &ts) != 0) die(std::string("clock_gettime: ") + std::strerror(errno));
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double cpu_seconds(std::vector<std::thread>& threads)
{
  double sum = 0;
  for (auto& t : threads) sum += thread_cpu_seconds(t);
  return sum;
}

// ---------------------------------------------------------------------------------------
// Server: the same echo connection in both models; only the socket's executor differs.

template <class Socket>
class EchoConnection : public std::enable_shared_from_this<EchoConnection<Socket>>
{
 public:
  explicit EchoConnection(Socket socket) : socket_(std::move(socket)) {}

  void start() { read(); }

 private:
  void read()
  {
    socket_.async_read_some(asio::buffer(buffer_),
                            [self = this->shared_from_this()](error_code ec, std::size_t n) {
                              if (!ec) self->write(n);
                            });
  }
  void write(std::size_t n)
  {
    asio::async_write(socket_, asio::buffer(buffer_.data(), n),
                      [self = this->shared_from_this()](error_code ec, std::size_t) {
                        if (!ec) self->read();
                      });
  }

  Socket socket_;
  std::array<unsigned char, 16 * 1024> buffer_{};
};

template <class Socket>
void start_echo(Socket socket)
{
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::make_shared<EchoConnection<Socket>>(std::move(socket))->start();
}

class EchoServer
{
 public:
  EchoServer(Model model, std::size_t threads) : model_(model), threads_count_(threads)
  {
    if (model == Model::per_thread) {
      for (std::size_t i = 0; i < threads; ++i)
        contexts_.push_back(std::make_unique<asio::io_context>(1));
    } else {
      contexts_.push_back(std::make_unique<asio::io_context>());
    }
    for (auto& c : contexts_) guards_.emplace_back(c->get_executor());

    acceptor_.emplace(*contexts_[0]);
    const tcp::endpoint ep(asio::ip::make_address_v4("127.0.0.1"), 0);
    error_code ec;
    if (acceptor_->open(ep.protocol(), ec) ||
        acceptor_->set_option(tcp::acceptor::reuse_address(true), ec) || acceptor_->bind(ep, ec) ||
        acceptor_->listen(asio::socket_base::max_listen_connections, ec))
      die("server listen: " + ec.message());
    port_ = acceptor_->local_endpoint(ec).port();
    if (ec) die("server local_endpoint: " + ec.message());
    accept();
  }

  ~EchoServer()
  {
    stop();
    acceptor_.reset();
    guards_.clear();
    contexts_.clear();  // destroys pending handlers, hence the connections
  }
  EchoServer(const EchoServer&) = delete;
  EchoServer& operator=(const EchoServer&) = delete;

  void start()
  {
    if (model_ == Model::per_thread) {
      for (auto& c : contexts_) threads_.emplace_back([&io = *c] { io.run(); });
    } else {
      for (std::size_t i = 0; i < threads_count_; ++i)
        threads_.emplace_back([&io = *contexts_[0]] { io.run(); });
    }
  }

  void stop()
  {
    for (auto& c : contexts_) c->stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  std::uint16_t port() const { return port_; }
  std::size_t accepted() const { return accepted_.load(std::memory_order_acquire); }
  double cpu() { return cpu_seconds(threads_); }

 private:
  using PerThreadSocket = asio::basic_stream_socket<tcp, asio::io_context::executor_type>;
  using StrandSocket =
      asio::basic_stream_socket<tcp, asio::strand<asio::io_context::executor_type>>;

  template <class Socket>
  void on_accept(error_code ec, Socket socket)
  {
    if (ec) {
      if (ec != asio::error::operation_aborted) die("server accept: " + ec.message());
      return;
    }
    start_echo(std::move(socket));
    accepted_.fetch_add(1, std::memory_order_release);
    accept();
  }

  void accept()
  {
    if (model_ == Model::per_thread) {
      // The accepted socket is created on the next context, round robin, and stays there.
      acceptor_->async_accept(
          *contexts_[next_++ % contexts_.size()],
          [this](error_code ec, PerThreadSocket socket) { on_accept(ec, std::move(socket)); });
    } else {
      acceptor_->async_accept(
          asio::make_strand(*contexts_[0]),
          [this](error_code ec, StrandSocket socket) { on_accept(ec, std::move(socket)); });
    }
  }

  Model model_;
  std::size_t threads_count_;
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards_;
  std::optional<tcp::acceptor> acceptor_;
  std::vector<std::thread> threads_;
  std::size_t next_ = 0;  // touched only by the accept handler chain
  std::uint16_t port_ = 0;
  std::atomic<std::size_t> accepted_{0};
};

// ---------------------------------------------------------------------------------------
// Client: C connections, each one message in flight. Write and read are issued together
// (so a large message can never stall on full socket buffers); a round trip ends when both
// have completed.

enum Phase : int
{
  warmup = 0,
  measure = 1,
  stopped = 2
};

struct ClientShared
{
  std::atomic<int> phase{warmup};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::string error;

  void fail(const std::string& what)
  {
    if (phase.load(std::memory_order_acquire) == stopped) return;
    std::lock_guard lock(mutex);
    if (!failed.exchange(true)) error = what;
  }
};

using ClientSocket = asio::basic_stream_socket<tcp, asio::io_context::executor_type>;

class ClientConnection : public std::enable_shared_from_this<ClientConnection>
{
 public:
  ClientConnection(asio::io_context& io, ClientShared& shared, std::size_t size)
      : socket_(io.get_executor()), shared_(shared), tx_(size), rx_(size)
  {
    for (std::size_t i = 0; i < size; ++i) tx_[i] = static_cast<unsigned char>(i * 7 + 1);
    latencies_.reserve(8192);
  }

  ClientSocket& socket() { return socket_; }
  std::uint64_t count() const { return count_; }
  std::vector<std::int64_t>& latencies() { return latencies_; }

  void round()
  {
    if (shared_.phase.load(std::memory_order_relaxed) == stopped) return;
    ++seq_;
    tx_.front() = seq_;
    tx_.back() = static_cast<unsigned char>(seq_ ^ 0xA5u);
    pending_ = 2;
    sent_ = Clock::now();
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(tx_), [self](error_code ec, std::size_t) {
      if (ec) return self->shared_.fail("client write: " + ec.message());
      self->done();
    });
    asio::async_read(socket_, asio::buffer(rx_), [self](error_code ec, std::size_t) {
      if (ec) return self->shared_.fail("client read: " + ec.message());
      self->received_ = Clock::now();
      if (self->rx_.front() != self->tx_.front() || self->rx_.back() != self->tx_.back())
        return self->shared_.fail("echo mismatch");
      self->done();
    });
  }

 private:
  void done()
  {
    if (--pending_ != 0) return;
    if (shared_.phase.load(std::memory_order_relaxed) == measure) {
      ++count_;
      latencies_.push_back(
          std::chrono::duration_cast<std::chrono::nanoseconds>(received_ - sent_).count());
    }
    round();
  }

  ClientSocket socket_;
  ClientShared& shared_;
  std::vector<unsigned char> tx_;
  std::vector<unsigned char> rx_;
  unsigned char seq_ = 0;
  int pending_ = 0;
  Clock::time_point sent_{};
  Clock::time_point received_{};
  std::uint64_t count_ = 0;
  std::vector<std::int64_t> latencies_;
};

// ---------------------------------------------------------------------------------------
// One run of one model.

struct Result
{
  double rtps = 0;         // round trips per second
  double cpu_us_rt = 0;    // server CPU microseconds per round trip
  double server_util = 0;  // server CPU seconds / wall seconds (1.0 = one core busy)
  double client_util = 0;  // same for the client thread(s)
  double p50_us = 0;
  double p99_us = 0;
};

Result run_once(Model model, const Options& o, Watchdog& dog)
{
  using std::chrono::milliseconds;
  dog.arm("setup", milliseconds(10000));
  EchoServer server(model, o.threads);
  server.start();

  ClientShared shared;
  std::vector<std::unique_ptr<asio::io_context>> client_ctx;
  for (std::size_t i = 0; i < o.client_threads; ++i)
    client_ctx.push_back(std::make_unique<asio::io_context>(1));
  std::vector<std::shared_ptr<ClientConnection>> conns;
  conns.reserve(o.conns);

  dog.arm("connect", milliseconds(15000));
  const tcp::endpoint ep(asio::ip::make_address_v4("127.0.0.1"), server.port());
  for (std::size_t i = 0; i < o.conns; ++i) {
    auto c = std::make_shared<ClientConnection>(*client_ctx[i % client_ctx.size()], shared, o.size);
    error_code ec;
    c->socket().connect(ep, ec);
    if (ec) die("client connect #" + std::to_string(i) + ": " + ec.message());
    c->socket().set_option(tcp::no_delay(true), ec);
    conns.push_back(std::move(c));
  }
  while (server.accepted() < o.conns) std::this_thread::sleep_for(milliseconds(1));

  for (auto& c : conns) asio::post(c->socket().get_executor(), [c] { c->round(); });
  std::vector<std::thread> client_threads;
  for (auto& ctx : client_ctx) client_threads.emplace_back([&io = *ctx] { io.run(); });

  dog.arm("warm-up", milliseconds(static_cast<long>(o.warmup_seconds * 1000) + 5000));
  std::this_thread::sleep_for(std::chrono::duration<double>(o.warmup_seconds));
  {
    std::lock_guard lock(shared.mutex);
    if (shared.failed) die(shared.error);
  }

  dog.arm("measure", milliseconds(static_cast<long>(o.seconds) * 1000 + 5000));
  const double server_cpu0 = server.cpu();
  const double client_cpu0 = cpu_seconds(client_threads);
  const auto t0 = Clock::now();
  shared.phase.store(measure, std::memory_order_release);
  std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
  shared.phase.store(stopped, std::memory_order_release);
  const auto t1 = Clock::now();
  const double server_cpu1 = server.cpu();
  const double client_cpu1 = cpu_seconds(client_threads);
  {
    std::lock_guard lock(shared.mutex);
    if (shared.failed) die(shared.error);
  }

  dog.arm("shutdown", milliseconds(10000));
  for (auto& io : client_ctx) io->stop();
  for (auto& t : client_threads) t.join();
  server.stop();

  std::uint64_t total = 0;
  std::vector<std::int64_t> lat;
  for (auto& c : conns) {
    total += c->count();
    lat.insert(lat.end(), c->latencies().begin(), c->latencies().end());
  }
  conns.clear();
  client_ctx.clear();

  if (total == 0) die(std::string(model_name(model)) + ": no round trip completed");
  std::sort(lat.begin(), lat.end());
  const auto pct = [&lat](double p) {
    const auto idx = static_cast<std::size_t>(p * static_cast<double>(lat.size() - 1) + 0.5);
    return static_cast<double>(lat[idx]) / 1000.0;
  };

  const double wall = std::chrono::duration<double>(t1 - t0).count();
  Result r;
  r.rtps = static_cast<double>(total) / wall;
  r.cpu_us_rt = (server_cpu1 - server_cpu0) * 1e6 / static_cast<double>(total);
  r.server_util = (server_cpu1 - server_cpu0) / wall;
  r.client_util = (client_cpu1 - client_cpu0) / wall;
  r.p50_us = pct(0.50);
  r.p99_us = pct(0.99);
  dog.disarm();
  return r;
}

void print_result(const char* label, Model m, const Result& r)
{
  std::printf(
      "%-6s %-10s  %10.0f rt/s  %6.2f us cpu/rt  srv %4.0f%%  cli %4.0f%%  "
      "p50 %8.1f us  p99 %8.1f us\n",
      label, model_name(m), r.rtps, r.cpu_us_rt, r.server_util * 100, r.client_util * 100, r.p50_us,
      r.p99_us);
  std::fflush(stdout);
}

struct Stat
{
  double med, min, max;
};

Stat summarize(std::vector<double> v)
{
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  const double med = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return {med, v.front(), v.back()};
}

}  // namespace

int main(int argc, char** argv)
{
  std::signal(SIGPIPE, SIG_IGN);
  const Options o = parse_options(argc, argv);
  std::printf(
      "io_model_bench: server threads %zu, client threads %zu, conns %zu, size %zu B, "
      "warm-up %.0f s, measure %zu s, reps %zu, hw threads %u\n",
      o.threads, o.client_threads, o.conns, o.size, o.warmup_seconds, o.seconds, o.reps,
      std::thread::hardware_concurrency());
  std::fflush(stdout);

  Watchdog dog;
  std::vector<std::vector<Result>> results(o.models.size());
  for (std::size_t rep = 0; rep < o.reps; ++rep) {
    for (std::size_t m = 0; m < o.models.size(); ++m) {
      const Result r = run_once(o.models[m], o, dog);
      const std::string label = "rep " + std::to_string(rep + 1);
      print_result(label.c_str(), o.models[m], r);
      results[m].push_back(r);
    }
  }

  std::printf("\nmedian (min-max) over %zu reps:\n", o.reps);
  std::printf("%-10s | %-25s | %-20s | %-22s | %-22s\n", "model", "round trips/s",
              "server CPU us/rt", "p50 us", "p99 us");
  for (std::size_t m = 0; m < o.models.size(); ++m) {
    std::vector<double> rtps, cpu, p50, p99;
    for (const auto& r : results[m]) {
      rtps.push_back(r.rtps);
      cpu.push_back(r.cpu_us_rt);
      p50.push_back(r.p50_us);
      p99.push_back(r.p99_us);
    }
    const Stat a = summarize(rtps), b = summarize(cpu), c = summarize(p50), d = summarize(p99);
    std::printf(
        "%-10s | %7.0f (%7.0f-%7.0f) | %6.2f (%5.2f-%5.2f) | %6.1f (%6.1f-%6.1f) | "
        "%6.1f (%6.1f-%6.1f)\n",
        model_name(o.models[m]), a.med, a.min, a.max, b.med, b.min, b.max, c.med, c.min, c.max,
        d.med, d.min, d.max);
  }
  return 0;
}
