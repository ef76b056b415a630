// The Server facade over real loopback sockets: many clients, limits, stop, metrics.
#include "eventually.hpp"
#include "loopback_client.hpp"
#include "recording_handler.hpp"
#include <proactor/net/codec.hpp>
#include <proactor/server/server.hpp>

#include <boost/system/system_error.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <thread>
#include <vector>

namespace proactor {
namespace server_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using test::Ending;
using test::LoopbackClient;
using test::RecordingHandler;

std::string payload_for(int client, int seq)
{
  std::string payload = std::to_string(client) + ":" + std::to_string(seq) + ":";
  payload.resize(static_cast<std::size_t>(16 + (client * 7 + seq) % 200),
                 static_cast<char>('a' + (client + seq) % 26));
  return payload;
}

TEST(Server, ServesAHundredClientsAHundredFramesEachEveryByteVerified)
{
  RecordingHandler handler;
  ServerConfig config;
  config.io_threads = 2;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  const auto port = server.local_endpoint().port;

  constexpr int kClients = 100;
  constexpr int kFrames = 100;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int c = t; c < kClients; c += 4) {
        try {
          LoopbackClient client(port);
          std::string wire;
          for (int i = 0; i < kFrames; ++i) wire += test::encode_frame(payload_for(c, i));
          if (!client.write(wire)) ++failures;
          for (int i = 0; i < kFrames; ++i)
            if (client.read_frame() != payload_for(c, i)) ++failures;
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  // A client can read its last reply before the I/O thread has run that write's completion,
  // which is where frames_out is counted; stop() drains every session, so the counts are final.
  server.stop();
  const auto metrics = server.metrics();
  EXPECT_EQ(metrics.accepted, static_cast<std::uint64_t>(kClients));
  EXPECT_EQ(metrics.frames_in, static_cast<std::uint64_t>(kClients * kFrames));
  EXPECT_EQ(metrics.frames_out, static_cast<std::uint64_t>(kClients * kFrames));
  EXPECT_EQ(metrics.bytes_in, metrics.bytes_out);
}

TEST(Server, RefusesConnectionsAboveMaxConnections)
{
  RecordingHandler handler;
  ServerConfig config;
  config.io_threads = 1;
  config.max_connections = 2;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  const auto port = server.local_endpoint().port;

  LoopbackClient first(port);
  LoopbackClient second(port);
  ASSERT_TRUE(handler.wait_opens(2));
  LoopbackClient third(port);
  EXPECT_NE(third.expect_closed(), Ending::timeout);  // closed at once, nothing sent
  EXPECT_EQ(server.metrics().refused, 1u);

  ASSERT_TRUE(first.write_frame("still served"));
  EXPECT_EQ(first.read_frame(), "still served");

  // A slot freed by a close is available again.
  second.close();
  ASSERT_TRUE(handler.wait_closes(1));
  LoopbackClient fourth(port);
  ASSERT_TRUE(fourth.write_frame("admitted"));
  EXPECT_EQ(fourth.read_frame(), "admitted");
}

// A handler that holds its replies until released, to have them queued when stop() comes.
class HeldRepliesHandler : public Handler
{
 public:
  void on_frame(const SessionPtr& session, ConstBytes payload) override
  {
    std::lock_guard lock(mutex_);
    held_.emplace_back(session, to_string(payload));
    arrived_.notify_all();
  }
  bool wait_held(std::size_t n)
  {
    std::unique_lock lock(mutex_);
    return arrived_.wait_for(lock, test::kDeadline, [&] { return held_.size() >= n; });
  }
  void release()
  {
    std::lock_guard lock(mutex_);
    for (auto& [session, text] : held_) session->send(text);
    held_.clear();
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::pair<SessionPtr, std::string>> held_;
};

TEST(Server, FlushesQueuedRepliesBeforeClosingOnStop)
{
  HeldRepliesHandler handler;
  ServerConfig config;
  config.io_threads = 2;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  const auto port = server.local_endpoint().port;

  std::vector<std::unique_ptr<LoopbackClient>> clients;
  for (int i = 0; i < 10; ++i) {
    clients.push_back(std::make_unique<LoopbackClient>(port));
    ASSERT_TRUE(clients.back()->write_frame(std::string(50'000, static_cast<char>('0' + i))));
  }
  ASSERT_TRUE(handler.wait_held(10));
  handler.release();  // replies are queued (not necessarily written) now
  std::thread stopper([&] { server.stop(); });
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(clients[static_cast<std::size_t>(i)]->read_frame(),
              std::string(50'000, static_cast<char>('0' + i)));
    EXPECT_EQ(clients[static_cast<std::size_t>(i)]->read_until_closed(), Ending::eof);
  }
  stopper.join();
  const auto metrics = server.metrics();
  EXPECT_EQ(metrics.closes_for(CloseReason::server_stopping), 10u);
  EXPECT_EQ(metrics.active, 0u);
}

TEST(Server, StopRefusesNewConnectionsAndIsIdempotent)
{
  RecordingHandler handler;
  ServerConfig config;
  config.io_threads = 1;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  const auto port = server.local_endpoint().port;
  server.stop();
  server.stop();
  EXPECT_THROW(LoopbackClient(port, "127.0.0.1", 2s), boost::system::system_error);
}

TEST(Server, ReportsAPortInUseWithAReadableError)
{
  RecordingHandler handler;
  Server first(ServerConfig{}, handler);
  first.listen("127.0.0.1", 0);
  Server second(ServerConfig{}, handler);
  try {
    second.listen("127.0.0.1", first.local_endpoint().port);
    FAIL() << "listen on a busy port succeeded";
  } catch (const boost::system::system_error& e) {
    EXPECT_EQ(e.code(), boost::asio::error::address_in_use);
    EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:"), std::string::npos)
        << e.what();
  }
}

TEST(Server, StopsAtOnceWhenListenFailedBeforeAnyThreadRan)
{
  // With logic threads, stop() waits for the I/O threads to run what was posted to them;
  // when listen failed they never started, so there is nothing to wait for.
  RecordingHandler handler;
  Server first(ServerConfig{}, handler);
  first.listen("127.0.0.1", 0);
  ServerConfig config;
  config.logic_threads = 1;
  config.stop_timeout = 30s;
  Server second(config, handler);
  EXPECT_THROW(second.listen("127.0.0.1", first.local_endpoint().port),
               boost::system::system_error);
  const auto started = std::chrono::steady_clock::now();
  second.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s) << "stop() sat out its timeout";
}

TEST(Server, BroadcastsOneFrameToEverySession)
{
  RecordingHandler handler(false);
  ServerConfig config;
  config.io_threads = 2;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  std::vector<std::unique_ptr<LoopbackClient>> clients;
  for (int i = 0; i < 5; ++i)
    clients.push_back(std::make_unique<LoopbackClient>(server.local_endpoint().port));
  ASSERT_TRUE(handler.wait_opens(5));
  EXPECT_EQ(server.session_count(), 5u);
  server.broadcast(encode(server.config().session.codec, std::string_view("to everyone")));
  for (auto& client : clients) EXPECT_EQ(client->read_frame(), "to everyone");
}

// Broadcasts each frame it gets on behalf of its sender.
class RelayHandler : public Handler
{
 public:
  Server* server = nullptr;
  void on_frame(const SessionPtr& session, ConstBytes payload) override
  {
    server->broadcast(encode(session->codec(), as_string_view(payload)), session);
  }
};

TEST(Server, ABroadcastOnBehalfOfASessionSkipsItAndLosesNothingToASlowReader)
{
  ServerConfig config;
  config.io_threads = 1;
  config.session.high_watermark = 16 * 1024;
  config.session.low_watermark = 4 * 1024;
  config.session.max_queued_bytes = 64 * 1024;  // without the hold, the reader would be cut
  RelayHandler handler;
  Server server(config, handler);
  handler.server = &server;
  server.listen("127.0.0.1", 0);
  const std::uint16_t port = server.local_endpoint().port;

  LoopbackClient reader(port);  // default buffers: a tiny window stalls loopback TCP itself
  LoopbackClient speaker(port);
  ASSERT_TRUE(test::eventually([&] { return server.session_count() == 2; }));
  // 16 MiB in 1 KiB frames, sent while the reader reads nothing yet: more than the kernel's
  // buffers take and far more than the reader's queue may hold, so the speaker must be held
  // until the reader catches up.
  constexpr int kFrames = 16 * 1024;
  std::thread writer([&] {
    for (int i = 0; i < kFrames; ++i)
      if (!speaker.write_frame(std::to_string(i) + std::string(1000, 'x'))) return;
  });
  const bool held = test::eventually([&] { return server.metrics().holds > 0; });
  int received = 0;
  for (; received < kFrames; ++received) {
    const auto frame = reader.read_frame();
    if (!frame || *frame != std::to_string(received) + std::string(1000, 'x')) break;
  }
  if (received < kFrames) speaker.reset();  // ends a writer that is stuck
  writer.join();
  EXPECT_TRUE(held);
  ASSERT_EQ(received, kFrames) << server.metrics();
  EXPECT_EQ(server.metrics().closes_for(CloseReason::write_overflow), 0u);
  EXPECT_EQ(speaker.read_frame(200ms), std::nullopt);  // never its own frames back
}

TEST(Server, PrintsItsEndpointAndMetrics)
{
  RecordingHandler handler;
  Server server(ServerConfig{}, handler);
  server.listen("127.0.0.1", 0);
  std::ostringstream out;
  out << server.local_endpoint();
  EXPECT_EQ(out.str(), "127.0.0.1:" + std::to_string(server.local_endpoint().port));
  std::ostringstream metrics;
  metrics << server.metrics();
  EXPECT_NE(metrics.str().find("accepted=0"), std::string::npos);
  EXPECT_GE(server.config().io_threads, 1u);
}

}  // namespace
}  // namespace server_test
}  // namespace proactor

namespace proactor {
namespace server_test {
namespace {

// Keeps the sessions it sees, as an application that caches SessionPtrs would.
class KeepingHandler : public Handler
{
 public:
  std::vector<SessionPtr> kept;
  std::mutex mutex;
  void on_open(const SessionPtr& session) override
  {
    std::lock_guard lock(mutex);
    kept.push_back(session);
  }
  void on_frame(const SessionPtr& session, ConstBytes payload) override { session->send(payload); }
};

TEST(Server, ASessionKeptPastTheServersEndIsSafeToUseAndRelease)
{
  KeepingHandler handler;  // outlives the server, and so do the sessions it keeps
  {
    ServerConfig config;
    config.io_threads = 2;
    Server server(config, handler);
    server.listen("127.0.0.1", 0);
    LoopbackClient client(server.local_endpoint().port);
    ASSERT_TRUE(client.write_frame("hi"));
    ASSERT_EQ(client.read_frame(), "hi");
  }
  ASSERT_EQ(handler.kept.size(), 1u);
  handler.kept.front()->send(std::string_view("after the end"));  // dropped, not a crash
  handler.kept.clear();  // the last reference: destroys the session and then its context
}

}  // namespace
}  // namespace server_test
}  // namespace proactor
