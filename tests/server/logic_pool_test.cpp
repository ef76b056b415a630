// Queued dispatch over real sockets: per-session order, backpressure, idle threads, stop.
#include "eventually.hpp"
#include "loopback_client.hpp"
#include "process_cpu.hpp"
#include "recording_handler.hpp"
#include "socket_probe.hpp"
#include <proactor/net/codec.hpp>
#include <proactor/net/packet_reader.hpp>
#include <proactor/net/packet_writer.hpp>
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <thread>
#include <vector>

namespace proactor {
namespace logic_pool_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using test::Ending;
using test::eventually;
using test::LoopbackClient;

std::string seq_payload(std::uint32_t seq)
{
  PacketWriter writer;
  writer.put_u32(seq);
  return std::string(as_string_view(writer.bytes()));
}

// Checks that every session's frames arrive in order and that on_close follows the last.
// Its per-session state lives in Session::context(), touched only by that session's logic
// thread, so it needs no lock; the totals are atomics because they span sessions.
class OrderChecker : public Handler
{
 public:
  std::atomic<std::uint64_t> frames{0};
  std::atomic<std::uint64_t> errors{0};
  std::atomic<std::uint64_t> closes{0};
  std::atomic<std::uint64_t> frames_at_close{0};

  void on_open(const SessionPtr& session) override { session->context() = std::uint32_t{0}; }
  void on_frame(const SessionPtr& session, ConstBytes payload) override
  {
    auto& expected = std::any_cast<std::uint32_t&>(session->context());
    std::uint32_t seq = 0;
    PacketReader(payload).get_u32(seq);
    if (seq != expected) ++errors;
    expected = seq + 1;
    ++frames;
  }
  void on_close(const SessionPtr& session, CloseReason, boost::system::error_code) override
  {
    frames_at_close += std::any_cast<std::uint32_t&>(session->context());
    ++closes;
  }
};

TEST(LogicPool, KeepsPerSessionOrderForAHundredSessionsOfTenThousandFrames)
{
  if (test::running_under_wine())
    GTEST_SKIP() << "a volume test; under Wine every socket call is a wineserver round trip "
                    "(measured: over 120 s here, seconds natively)";
  OrderChecker handler;
  ServerConfig config;
  config.io_threads = 2;
  config.logic_threads = 2;
  config.job_queue_capacity = 1024;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  const auto port = server.local_endpoint().port;

  constexpr int kSessions = 100;
  constexpr std::uint32_t kFrames = 10'000;
  std::string wire;
  for (std::uint32_t i = 0; i < kFrames; ++i) wire += test::encode_frame(seq_payload(i));
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      std::vector<std::unique_ptr<LoopbackClient>> mine;
      for (int c = 0; c < kSessions / 4; ++c) {
        mine.push_back(std::make_unique<LoopbackClient>(port));
        if (!mine.back()->write(wire, 60s)) ++failures;
      }
      for (auto& client : mine) client->shutdown_send();
      for (auto& client : mine)
        if (client->read_until_closed(60s) != Ending::eof) ++failures;
    });
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_TRUE(eventually([&] { return handler.closes == kSessions; }, 60s));
  EXPECT_EQ(handler.frames.load(), std::uint64_t{kSessions} * kFrames);
  EXPECT_EQ(handler.errors.load(), 0u);
  EXPECT_EQ(handler.frames_at_close.load(), std::uint64_t{kSessions} * kFrames);
}

// Blocks in on_frame until released, to fill the session's lane.
class GatedHandler : public Handler
{
 public:
  std::atomic<std::uint64_t> frames{0};
  std::atomic<std::uint64_t> errors{0};
  std::uint32_t expected = 0;  // one logic thread: no lock

  void on_frame(const SessionPtr&, ConstBytes payload) override
  {
    {
      std::unique_lock lock(mutex_);
      gate_.wait(lock, [this] { return open_; });
    }
    std::uint32_t seq = 0;
    PacketReader(payload).get_u32(seq);
    if (seq != expected++) ++errors;
    ++frames;
  }
  void open()
  {
    std::lock_guard lock(mutex_);
    open_ = true;
    gate_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable gate_;
  bool open_ = false;
};

TEST(LogicPool, AFullLaneStopsTheSessionReadingThenEveryFrameArrives)
{
  GatedHandler handler;
  ServerConfig config;
  config.io_threads = 1;
  config.logic_threads = 1;
  config.job_queue_capacity = 8;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);

  constexpr std::uint32_t kFrames = 5'000;
  std::string wire;
  for (std::uint32_t i = 0; i < kFrames; ++i)
    wire += test::encode_frame(seq_payload(i) + std::string(1000, 'p'));
  LoopbackClient client(server.local_endpoint().port);
  std::atomic<bool> written{false};
  std::thread writer([&] { written = client.write(wire, 60s); });

  // The logic thread holds one batch (at most a lane's worth) while the lane fills behind
  // it; then the session must stop reading.
  const std::uint64_t capacity = config.job_queue_capacity;
  ASSERT_TRUE(eventually([&] { return server.metrics().frames_in >= capacity; }, 60s))
      << server.metrics();
  EXPECT_LE(server.metrics().frames_in, 2 * capacity);
  EXPECT_FALSE(written.load());  // 5 MB cannot all fit in the kernel's buffers

  handler.open();
  writer.join();
  EXPECT_TRUE(written.load());
  ASSERT_TRUE(eventually([&] { return handler.frames == kFrames; }, 60s));
  EXPECT_EQ(handler.errors.load(), 0u);
  EXPECT_EQ(server.metrics().frames_in, kFrames);
}

TEST(LogicPool, IdleLogicThreadsUseNoCpu)
{
  test::RecordingHandler handler;
  ServerConfig config;
  config.io_threads = 2;
  config.logic_threads = 4;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  {
    LoopbackClient client(server.local_endpoint().port);  // wake everything once
    ASSERT_TRUE(client.write_frame("warm"));
    ASSERT_EQ(client.read_frame(), "warm");
  }
  const double before = test::process_cpu_seconds();
  ASSERT_GE(before, 0);
  std::this_thread::sleep_for(2s);  // the measurement window, not synchronisation
  const double used = test::process_cpu_seconds() - before;
  // Six idle threads over two seconds: a spinning one would burn ~2 s of CPU.
  EXPECT_LE(used, 0.05) << "CPU seconds used while idle: " << used;
}

// Holds each reply back a little by replying from the logic thread only after the client
// has sent everything, so stop() finds frames still queued.
TEST(LogicPool, StopHandlesQueuedFramesAndDeliversTheirReplies)
{
  GatedHandler gate;  // blocks the logic thread until released
  class EchoAfterGate : public Handler
  {
   public:
    explicit EchoAfterGate(GatedHandler& g) : gate_(g) {}
    void on_frame(const SessionPtr& session, ConstBytes payload) override
    {
      gate_.on_frame(session, payload);
      session->send(payload);
    }

   private:
    GatedHandler& gate_;
  } handler(gate);

  ServerConfig config;
  config.io_threads = 1;
  config.logic_threads = 1;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  LoopbackClient client(server.local_endpoint().port);
  constexpr std::uint32_t kFrames = 200;
  std::string wire;
  for (std::uint32_t i = 0; i < kFrames; ++i) wire += test::encode_frame(seq_payload(i));
  ASSERT_TRUE(client.write(wire));
  ASSERT_TRUE(eventually([&] { return server.metrics().frames_in == kFrames; }, 60s));

  std::thread stopper([&] { server.stop(); });
  gate.open();
  for (std::uint32_t i = 0; i < kFrames; ++i) ASSERT_EQ(client.read_frame(), seq_payload(i));
  EXPECT_EQ(client.read_until_closed(), Ending::eof);
  stopper.join();
  EXPECT_EQ(gate.frames.load(), kFrames);
  EXPECT_EQ(server.metrics().closes_for(CloseReason::server_stopping), 1u);
}

// The classic game-server loop: with one logic thread, state shared by every session is a
// plain map with no lock (run under TSan, this proves it).
class Scoreboard : public Handler
{
 public:
  std::map<SessionId, int> scores;  // no mutex: one logic thread touches it
  std::atomic<int> closes{0};

  void on_frame(const SessionPtr& session, ConstBytes) override
  {
    ++scores[session->id()];
    session->send(std::to_string(scores[session->id()]));
  }
  void on_close(const SessionPtr&, CloseReason, boost::system::error_code) override { ++closes; }
};

TEST(LogicPool, OneLogicThreadNeedsNoLocksForSharedState)
{
  Scoreboard board;
  ServerConfig config;
  config.io_threads = 2;
  config.logic_threads = 1;
  Server server(config, board);
  server.listen("127.0.0.1", 0);
  std::vector<std::thread> players;
  std::atomic<int> failures{0};
  for (int p = 0; p < 8; ++p) {
    players.emplace_back([&] {
      LoopbackClient client(server.local_endpoint().port);
      for (int i = 1; i <= 100; ++i) {
        if (!client.write_frame("point") || client.read_frame() != std::to_string(i)) ++failures;
      }
    });
  }
  for (auto& p : players) p.join();
  ASSERT_TRUE(eventually([&] { return board.closes == 8; }, 60s));
  server.stop();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_EQ(board.scores.size(), 8u);
  for (const auto& [id, score] : board.scores) EXPECT_EQ(score, 100);
}

// A logic thread's replies cross to the I/O threads in batches: whatever path a send takes
// (a small payload copied into the batch, a payload too large for it, an encoded frame),
// each recipient gets them in the order they were made, and a close made after them ends
// the connection only after they were written.
class BroadcastThenClose : public Handler
{
 public:
  static constexpr std::uint32_t kReplies = 300;
  std::vector<SessionPtr> members;  // one logic thread touches it
  std::atomic<int> opened{0};

  static std::string reply(std::uint32_t i)
  {
    std::string payload = seq_payload(i);
    if (i % 10 == 3) payload.append(20 * 1024, 'L');  // declined by the batch: sent directly
    return payload;
  }

  void on_open(const SessionPtr& session) override
  {
    members.push_back(session);
    ++opened;
  }
  void on_frame(const SessionPtr&, ConstBytes) override
  {
    for (std::uint32_t i = 0; i < kReplies; ++i) {
      for (const SessionPtr& member : members) {
        if (i % 7 == 5)
          member->send(encode(member->codec(), reply(i)));
        else
          member->send(reply(i));
      }
    }
    for (const SessionPtr& member : members) member->close();
    members.clear();
  }
};

TEST(LogicPool, BatchedRepliesKeepTheirOrderAcrossIoThreadsAndGoBeforeAClose)
{
  BroadcastThenClose handler;
  ServerConfig config;
  config.io_threads = 2;
  config.logic_threads = 1;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  std::vector<std::unique_ptr<LoopbackClient>> clients;
  for (int i = 0; i < 4; ++i)
    clients.push_back(std::make_unique<LoopbackClient>(server.local_endpoint().port));
  ASSERT_TRUE(eventually([&] { return handler.opened.load() == 4; }, 60s));
  ASSERT_TRUE(clients[0]->write_frame("go"));
  for (auto& client : clients) {
    for (std::uint32_t i = 0; i < BroadcastThenClose::kReplies; ++i)
      ASSERT_EQ(client->read_frame(), BroadcastThenClose::reply(i)) << "reply " << i;
    EXPECT_EQ(client->read_until_closed(), Ending::eof);
  }
  server.stop();
  EXPECT_EQ(server.metrics().frames_dropped, 0u);
}

// The simplest case of the same rule: a last reply and a close, with nothing else queued,
// so the close would find an empty queue if it overtook the reply.
TEST(LogicPool, AReplyThenACloseFromALogicThreadDeliversTheReplyFirst)
{
  class ReplyAndClose : public Handler
  {
   public:
    void on_frame(const SessionPtr& session, ConstBytes payload) override
    {
      session->send(payload);
      session->close();
    }
  } handler;
  ServerConfig config;
  config.io_threads = 2;
  config.logic_threads = 1;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  for (int i = 0; i < 10; ++i) {
    LoopbackClient client(server.local_endpoint().port);
    ASSERT_TRUE(client.write_frame("last words " + std::to_string(i)));
    EXPECT_EQ(client.read_frame(), "last words " + std::to_string(i));
    EXPECT_EQ(client.read_until_closed(), Ending::eof);
  }
  server.stop();
  EXPECT_EQ(server.metrics().frames_dropped, 0u);
}

}  // namespace
}  // namespace logic_pool_test
}  // namespace proactor
