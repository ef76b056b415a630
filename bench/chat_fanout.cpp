// Chat fan-out latency: N clients in one room; one of them says a message stamped with a
// sequence number, and the clock stops when the last of the N (the sender included) has
// received it. R repetitions per N; prints p50/p99/max in microseconds. A plain program, not
// Google Benchmark: the quantity is a latency distribution across sessions.
//
//   build/bench/chat_fanout                     # in-process server, N = 100 and 1000
//   build/bench/chat_fanout --clients 500 --reps 50 --port 7000   # a running chat server
//   build/bench/chat_fanout --clients 1000 --port P1 --port P2 --port P3   # a cluster: the
//                              clients spread round robin over the servers; client 0 speaks
//
// The clients share one I/O thread (the framework's async_connect sessions), so the time
// includes decoding N frames on the client side. Loopback only; every wait has a deadline.
#include "chat/chat_event.hpp"
#include "chat/chat_handler.hpp"
#include "chat/chat_limits.hpp"
#include "chat/chat_request.hpp"
#include <proactor/server/server.hpp>
#include <proactor/session/connector.hpp>
#include <proactor/session/dispatcher.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <sys/resource.h>
#include <thread>
#include <vector>

namespace {

using namespace proactor;
using namespace proactor::chat;
using clock_type = std::chrono::steady_clock;

constexpr auto kSetupDeadline = std::chrono::seconds(60);
constexpr auto kMessageDeadline = std::chrono::seconds(10);
constexpr std::string_view kRoom = "bench";
constexpr std::string_view kStamp = "seq:";

// N client sessions on one io_context, counting what arrives. Handler callbacks run on the
// I/O thread; the benchmark's thread waits on the condition variable.
class Clients final : public Handler
{
 public:
  // Connects `count` clients to host:ports (round robin), names them and puts them in the room.
  bool start(const std::string& host, const std::vector<std::uint16_t>& ports, std::size_t count)
  {
    {
      std::lock_guard lock(mutex_);
      count_ = count;
      sessions_.resize(count);
    }
    io_thread_ = std::thread([this] { io_.run(); });
    ConnectOptions options;
    options.host = host;
    auto dispatcher = std::make_shared<InlineDispatcher>(*this);
    for (std::size_t i = 0; i < count; ++i) {
      options.port = ports[i % ports.size()];
      async_connect(
          io_, options, dispatcher, [this, i](boost::system::error_code ec, SessionPtr s) {
            std::lock_guard lock(mutex_);
            if (ec) failed_ = "connect: " + ec.message();
            if (s) {
              sessions_[i] = s;
              // Requests are handled in order: the pong says the join is done.
              for (const Request& r :
                   {Request{HelloRequest{}}, Request{NickRequest{"c" + std::to_string(i)}},
                    Request{JoinRequest{std::string(kRoom)}}, Request{PingRequest{1}}})
                s->send(encode(r));
            }
            changed_.notify_all();
          });
    }
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kSetupDeadline, [&] {
      return pongs_ == count || !failed_.empty();
    }) && failed_.empty();
  }

  // Says message `seq` from client 0; returns how long until all N had it, or nullopt.
  std::optional<std::chrono::nanoseconds> round(std::uint64_t seq)
  {
    SessionPtr sender;
    {
      std::lock_guard lock(mutex_);
      seq_ = seq;
      received_ = 0;
      sender = sessions_.front();
    }
    const Frame frame = encode(Request{SayRequest{std::string(kStamp) + std::to_string(seq)}});
    const auto start = clock_type::now();
    sender->send(frame);
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, kMessageDeadline, [&] { return received_ == count_; }))
      return std::nullopt;
    return last_ - start;
  }

  // Closes every session and stops the I/O thread.
  void stop()
  {
    std::vector<SessionPtr> sessions;
    {
      std::lock_guard lock(mutex_);
      sessions.swap(sessions_);
    }
    const auto open = static_cast<std::size_t>(std::count_if(
        sessions.begin(), sessions.end(), [](const SessionPtr& s) { return s != nullptr; }));
    for (const SessionPtr& s : sessions)
      if (s) s->close();
    {
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, kSetupDeadline, [&] { return closed_ >= open; });
    }
    sessions.clear();
    work_.reset();
    io_.stop();
    if (io_thread_.joinable()) io_thread_.join();
  }

  const std::string& failure() const { return failed_; }

  void on_frame(const SessionPtr&, ConstBytes payload) override
  {
    Event event;
    if (parse(payload, event) != ErrorCode::none) return;
    std::lock_guard lock(mutex_);
    if (const auto* message = std::get_if<MessageEvent>(&event)) {
      if (!message->text.starts_with(kStamp)) return;
      std::uint64_t seq = 0;
      const std::string_view digits = std::string_view(message->text).substr(kStamp.size());
      std::from_chars(digits.data(), digits.data() + digits.size(), seq);
      if (seq == seq_ && ++received_ == count_) {
        last_ = clock_type::now();
        changed_.notify_all();
      }
    } else if (std::holds_alternative<PongEvent>(event)) {
      if (++pongs_ == count_) changed_.notify_all();
    } else if (const auto* error = std::get_if<ErrorEvent>(&event)) {
      failed_ = "server: " + error->text;
      changed_.notify_all();
    }
  }

  void on_close(const SessionPtr&, CloseReason, boost::system::error_code) override
  {
    std::lock_guard lock(mutex_);
    ++closed_;
    changed_.notify_all();
  }

 private:
  boost::asio::io_context io_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{
      io_.get_executor()};
  std::thread io_thread_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<SessionPtr> sessions_;
  std::size_t count_ = 0;
  std::size_t pongs_ = 0;
  std::size_t closed_ = 0;
  std::uint64_t seq_ = 0;
  std::size_t received_ = 0;
  clock_type::time_point last_;
  std::string failed_;
};

std::uint64_t micros(std::chrono::nanoseconds d)
{
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(d).count());
}

// Nearest-rank percentile of sorted samples.
std::uint64_t percentile(const std::vector<std::uint64_t>& sorted, double p)
{
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted.size()) + 0.999999);
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// One N: connect, warm up, measure, disconnect. False on a failure (printed).
bool measure(const std::string& host, const std::vector<std::uint16_t>& ports, std::size_t clients,
             std::size_t reps)
{
  Clients group;
  const bool ready = group.start(host, ports, clients);
  std::vector<std::uint64_t> samples;
  constexpr std::size_t kWarmup = 5;
  for (std::size_t r = 0; ready && r < kWarmup + reps; ++r) {
    const auto elapsed = group.round(r + 1);
    if (!elapsed) break;
    if (r >= kWarmup) samples.push_back(micros(*elapsed));
  }
  group.stop();
  if (samples.size() != reps) {
    std::cerr << "chat_fanout: clients=" << clients << " failed after " << samples.size()
              << " rounds" << (group.failure().empty() ? "" : ": " + group.failure()) << '\n';
    return false;
  }
  std::sort(samples.begin(), samples.end());
  std::cout << "clients=" << clients << " reps=" << reps << " p50_us=" << percentile(samples, 0.50)
            << " p99_us=" << percentile(samples, 0.99) << " max_us=" << samples.back() << std::endl;
  return true;
}

// Each N needs two descriptors in-process (client and server side).
void raise_descriptor_limit()
{
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

std::optional<std::size_t> number(std::string_view text)
{
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

int main(int argc, char* argv[])
{
  constexpr std::string_view kUsage =
      "usage: chat_fanout [--clients N]... [--reps R] [--host H --port P...]\n";
  std::vector<std::size_t> sizes;
  std::size_t reps = 200;
  std::vector<std::uint16_t> ports;
  std::string host = "127.0.0.1";
  if (argc % 2 == 0) {
    std::cerr << kUsage;
    return 2;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const auto value = number(argv[i + 1]);
    if (flag == "--host")
      host = argv[i + 1];
    else if (flag == "--clients" && value && *value > 0)
      sizes.push_back(*value);
    else if (flag == "--reps" && value && *value > 0)
      reps = *value;
    else if (flag == "--port" && value && *value > 0 && *value < 65536)
      ports.push_back(static_cast<std::uint16_t>(*value));
    else {
      std::cerr << kUsage;
      return 2;
    }
  }
  if (sizes.empty()) sizes = {100, 1000};
  raise_descriptor_limit();

  // The server under test: in-process with the chat defaults, unless --port names one.
  ChatLimits limits;
  limits.max_room_size = *std::max_element(sizes.begin(), sizes.end());
  ChatHandler handler{limits};
  ServerConfig config;
  apply_chat_session_defaults(config.session);
  std::optional<Server> server;
  if (ports.empty()) {
    server.emplace(config, handler);
    server->listen(host, 0);
    ports.push_back(server->local_endpoint().port);
  }
  std::string servers;
  for (const std::uint16_t port : ports)
    servers += (servers.empty() ? "" : ",") + host + ":" + std::to_string(port);
  std::cout << "chat_fanout: nproc=" << std::thread::hardware_concurrency() << " server="
            << (server ? "in-process io_threads=" + std::to_string(server->config().io_threads)
                       : servers)
            << " client_io_threads=1 warmup=5" << std::endl;

  bool ok = true;
  for (const std::size_t clients : sizes) ok = measure(host, ports, clients, reps) && ok;
  if (server) server->stop();
  return ok ? 0 : 1;
}
