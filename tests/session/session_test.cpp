// Session behaviour over real loopback sockets: framing, close reasons, timeouts, bounds.
#include "loopback_client.hpp"
#include "recording_handler.hpp"
#include "socket_probe.hpp"
#include <proactor/net/error.hpp>
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

namespace proactor {
namespace session_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using test::Ending;
using test::LoopbackClient;
using test::RecordingHandler;

class SessionTest : public ::testing::Test
{
 protected:
  void start(bool echo = true)
  {
    handler_ = std::make_unique<RecordingHandler>(echo);
    config_.io_threads = 1;
    server_ = std::make_unique<Server>(config_, *handler_);
    server_->listen("127.0.0.1", 0);
  }
  std::uint16_t port() const { return server_->local_endpoint().port; }

  ServerConfig config_;
  std::unique_ptr<RecordingHandler> handler_;
  std::unique_ptr<Server> server_;
};

TEST_F(SessionTest, EchoesOneFrame)
{
  start();
  LoopbackClient client(port());
  ASSERT_TRUE(client.write_frame("hello"));
  EXPECT_EQ(client.read_frame(), "hello");
}

TEST_F(SessionTest, KeepingAReadInFlightServesTheSame)
{
  config_.session.idle_read_release = std::chrono::milliseconds::max();
  start();
  LoopbackClient client(port());
  std::string wire;
  for (int i = 0; i < 20; ++i) wire += test::encode_frame("frame " + std::to_string(i));
  ASSERT_TRUE(client.write(wire.substr(0, 7)));  // a split header first
  ASSERT_TRUE(client.write(wire.substr(7)));
  for (int i = 0; i < 20; ++i) ASSERT_EQ(client.read_frame(), "frame " + std::to_string(i));
}

TEST_F(SessionTest, WaitingForReadabilityAfterEveryReadServesTheSame)
{
  config_.session.idle_read_release = 0ms;
  start();
  LoopbackClient client(port());
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(client.write_frame("frame " + std::to_string(i)));
    ASSERT_EQ(client.read_frame(), "frame " + std::to_string(i));
  }
}

TEST_F(SessionTest, AQuietSessionGivesItsReadBufferBackAndStillServes)
{
  config_.session.idle_read_release = 20ms;
  start();
  LoopbackClient client(port());
  // Busy: replies come back while a read stays in flight.
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(client.write_frame("busy " + std::to_string(i)));
    ASSERT_EQ(client.read_frame(), "busy " + std::to_string(i));
  }
  // Quiet for several release periods (the idleness is the stimulus, not a synchronisation):
  // the watchdog cancels the read and the session goes back to readiness waits.
  std::this_thread::sleep_for(150ms);
  ASSERT_TRUE(client.write_frame("after the quiet"));
  EXPECT_EQ(client.read_frame(), "after the quiet");
  EXPECT_EQ(handler_->close_count(), 0u);  // the cancel was not taken for a failure
}

TEST_F(SessionTest, AssemblesAFrameWrittenOneByteAtATime)
{
  start();
  LoopbackClient client(port());
  const std::string wire = test::encode_frame("split into single bytes");
  for (const char c : wire) ASSERT_TRUE(client.write(std::string_view(&c, 1)));
  EXPECT_EQ(client.read_frame(), "split into single bytes");
}

TEST_F(SessionTest, AnswersFiftyFramesFromOneWriteInOrder)
{
  start();
  LoopbackClient client(port());
  std::string wire;
  for (int i = 0; i < 50; ++i) wire += test::encode_frame("frame " + std::to_string(i));
  ASSERT_TRUE(client.write(wire));
  for (int i = 0; i < 50; ++i) ASSERT_EQ(client.read_frame(), "frame " + std::to_string(i));
}

TEST_F(SessionTest, EchoesAnEmptyFrame)
{
  start();
  LoopbackClient client(port());
  ASSERT_TRUE(client.write_frame(""));
  EXPECT_EQ(client.read_frame(), "");
}

TEST_F(SessionTest, ClosesOnOversizeLengthWhileOtherClientsAreServed)
{
  config_.session.codec = LengthPrefixCodec{LengthPrefixCodec::Width::u32, 1024};
  start();
  LoopbackClient good(port());
  LoopbackClient bad(port());
  ASSERT_TRUE(bad.write("\xff\xff\xff\xff"));
  EXPECT_NE(bad.read_until_closed(), Ending::timeout);
  const auto close = handler_->wait_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::protocol_error);
  EXPECT_EQ(close->ec, error::frame_too_large);

  ASSERT_TRUE(good.write_frame(std::string(1024, 'm')));  // exactly max_frame: fine
  EXPECT_EQ(good.read_frame(), std::string(1024, 'm'));
}

TEST_F(SessionTest, ReportsPeerFinAsNormalClose)
{
  start();
  LoopbackClient client(port());
  ASSERT_TRUE(client.write_frame("bye"));
  ASSERT_EQ(client.read_frame(), "bye");
  client.shutdown_send();
  EXPECT_EQ(client.read_until_closed(), Ending::eof);
  const auto close = handler_->wait_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::peer_closed);
  EXPECT_FALSE(close->ec);
}

TEST_F(SessionTest, ReportsPeerResetAsAbnormalClose)
{
  if (test::running_under_wine())
    GTEST_SKIP() << "Wine reports a peer's reset as an orderly EOF (recv() == 0)";
  start();
  LoopbackClient client(port());
  ASSERT_TRUE(client.write_frame("x"));
  ASSERT_EQ(client.read_frame(), "x");
  client.reset();
  const auto close = handler_->wait_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::io_error);
  EXPECT_TRUE(close->ec);
}

TEST_F(SessionTest, TreatsEofInsideAFrameAsProtocolError)
{
  start();
  LoopbackClient client(port());
  ASSERT_TRUE(client.write(std::string("\0\0\0\x10half", 8)));
  client.shutdown_send();
  const auto close = handler_->wait_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::protocol_error);
  EXPECT_EQ(close->ec, error::malformed_frame);
}

TEST_F(SessionTest, DeliversRepliesAfterPeerHalfCloses)
{
  start();
  LoopbackClient client(port());
  std::string wire;
  for (int i = 0; i < 20; ++i) wire += test::encode_frame(std::string(1000, 'h'));
  ASSERT_TRUE(client.write(wire));
  client.shutdown_send();
  for (int i = 0; i < 20; ++i) ASSERT_EQ(client.read_frame(), std::string(1000, 'h'));
  EXPECT_EQ(client.read_until_closed(), Ending::eof);
}

TEST_F(SessionTest, ClosesAnIdleConnectionAfterTheIdleTimeout)
{
  config_.session.idle_timeout = 200ms;
  start();
  LoopbackClient client(port());
  const auto began = std::chrono::steady_clock::now();
  EXPECT_EQ(client.read_until_closed(), Ending::eof);
  EXPECT_GE(std::chrono::steady_clock::now() - began, 150ms);
  const auto close = handler_->wait_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::idle_timeout);
  EXPECT_EQ(close->ec, error::idle_timeout);
}

TEST_F(SessionTest, ActivityKeepsAConnectionOpenPastTheIdleTimeout)
{
  config_.session.idle_timeout = 300ms;
  start();
  LoopbackClient client(port());
  const auto until = std::chrono::steady_clock::now() + 900ms;
  int rounds = 0;
  while (std::chrono::steady_clock::now() < until && rounds < 1000) {
    ASSERT_TRUE(client.write_frame("ping"));
    ASSERT_EQ(client.read_frame(), "ping");
    // Pace the pings below the timeout; the expectation is "still open", not timing.
    EXPECT_EQ(client.expect_closed(100ms), Ending::timeout);
    ++rounds;
  }
  EXPECT_EQ(handler_->close_count(), 0u);
}

TEST_F(SessionTest, ClosesASlowSenderThatNeverCompletesAFrame)
{
  config_.session.idle_timeout = 0ms;  // bytes do arrive: only the frame deadline can fire
  config_.session.frame_timeout = 300ms;
  start();
  LoopbackClient client(port());
  ASSERT_TRUE(client.write(std::string("\0\0\0\x20", 4)));
  std::size_t sent = 0;
  for (; sent < 20; ++sent) {
    if (!client.write("s")) break;
    if (client.expect_closed(50ms) != Ending::timeout) break;  // a byte every 50 ms
  }
  const auto close = handler_->wait_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::frame_timeout);
  EXPECT_EQ(close->ec, error::frame_timeout);
  EXPECT_LT(sent, 20u);
}

TEST_F(SessionTest, BoundsMemoryForAClientThatNeverReadsAndClosesIt)
{
  config_.session.high_watermark = 256 * 1024;
  config_.session.low_watermark = 64 * 1024;
  config_.session.overflow_timeout = 300ms;
  config_.session.idle_timeout = 0ms;
  start();
  LoopbackClient client(port());
  client.set_receive_buffer(4096);
  // Ask for far more echo than the watermark while never reading a byte.
  const std::string frame = test::encode_frame(std::string(64 * 1024, 'w'));
  std::size_t written = 0;
  for (int i = 0; i < 200; ++i) {
    if (!client.write(frame, 2s)) break;
    written += frame.size();
  }
  const auto close = handler_->wait_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::write_overflow);
  EXPECT_EQ(close->ec, error::write_queue_overflow);
  // Reading paused once the replies passed the high watermark, so the server never held
  // more than that plus one reply; the rest waited in kernel buffers.
  EXPECT_GT(written, config_.session.high_watermark);
  EXPECT_LE(server_->metrics().peak_queued_bytes, config_.session.high_watermark + frame.size());
}

}  // namespace
}  // namespace session_test
}  // namespace proactor
