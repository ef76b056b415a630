// Hostile and broken peers against the echo handler in a real Server (and the echo program
// itself): each case checks how the bad connection ended and that a healthy client is still
// served right after it.
#include "bad_input_support.hpp"
#include "socket_probe.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <random>
#include <string>

namespace proactor::test {
namespace echo_bad_input_test {  // a unity build puts several test files in one unit
namespace {

// Sends `bytes` on a fresh connection (beside a healthy one), expects the server to close
// it, and returns how the server recorded the close.
std::optional<CloseEvent> close_after(EchoServer& echo, const std::string& bytes)
{
  LoopbackClient healthy(echo.port());
  expect_served(healthy, "before");
  LoopbackClient bad(echo.port());
  EXPECT_TRUE(bad.write(bytes));
  EXPECT_TRUE(ended(bad.expect_closed()));
  bad.close();
  auto close = echo.handler.wait_first_close();
  expect_served(healthy, "after");
  return close;
}

TEST(EchoBadInput, AllOnesLengthIsFrameTooLarge)
{
  EchoServer echo;
  const auto close = close_after(echo, header(0xFFFF'FFFFu) + "tail");
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::protocol_error);
  EXPECT_EQ(close->ec, error::frame_too_large);
  EXPECT_EQ(echo.handler.frames(), 2u);  // only the healthy client's
}

TEST(EchoBadInput, OneOverMaxFrameIsRejectedFromTheHeaderAlone)
{
  EchoServer echo;
  const auto close = close_after(echo, header(static_cast<std::uint32_t>(kMaxFrame + 1)));
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::protocol_error);
  EXPECT_EQ(close->ec, error::frame_too_large);
  EXPECT_EQ(echo.server.metrics().closes_for(CloseReason::protocol_error), 1u);
}

TEST(EchoBadInput, ExactlyMaxFrameIsEchoed)
{
  EchoServer echo;
  LoopbackClient healthy(echo.port());
  LoopbackClient big(echo.port());
  std::string payload(kMaxFrame, '\0');
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 31);
  ASSERT_TRUE(big.write_frame(payload));
  expect_served(healthy);
  const auto reply = big.read_frame();
  ASSERT_TRUE(reply);
  EXPECT_TRUE(*reply == payload) << "echo of " << reply->size() << " bytes differs";
  expect_served(big, "and the next frame");
  EXPECT_EQ(echo.handler.close_count(), 0u);
}

TEST(EchoBadInput, HeaderCutInTheMiddleThenCloseIsMalformed)
{
  EchoServer echo;
  LoopbackClient healthy(echo.port());
  LoopbackClient bad(echo.port());
  ASSERT_TRUE(bad.write(header(8).substr(0, 2)));
  bad.shutdown_send();
  EXPECT_TRUE(ended(bad.expect_closed()));
  const auto close = echo.handler.wait_first_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::protocol_error);
  EXPECT_EQ(close->ec, error::malformed_frame);
  expect_served(healthy);
}

TEST(EchoBadInput, PayloadCutShortThenCloseIsMalformed)
{
  EchoServer echo;
  LoopbackClient healthy(echo.port());
  LoopbackClient bad(echo.port());
  ASSERT_TRUE(bad.write(header(100) + std::string(40, 'p')));
  bad.shutdown_send();
  EXPECT_TRUE(ended(bad.expect_closed()));
  const auto close = echo.handler.wait_first_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::protocol_error);
  EXPECT_EQ(close->ec, error::malformed_frame);
  expect_served(healthy);
  EXPECT_EQ(echo.handler.frames(), 1u);
}

// Random bytes (fixed seed) on many connections: each ends as a protocol error (almost
// always an oversize length) or, if the bytes happened to frame cleanly, a peer close; the
// server never stops serving.
TEST(EchoBadInput, RandomGarbageClosesTheConnectionAndNothingElse)
{
  EchoServer echo;
  LoopbackClient healthy(echo.port());
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<std::size_t> size(1, 4096);
  constexpr std::size_t kRounds = 25;
  for (std::size_t round = 0; round < kRounds; ++round) {
    LoopbackClient bad(echo.port());
    (void)bad.write(random_bytes(rng, size(rng)));  // may fail once the server has hung up
    shutdown_quietly(bad);
    EXPECT_TRUE(ended(bad.read_until_closed())) << "round " << round;
    bad.close();
    expect_served(healthy, "round " + std::to_string(round));
  }
  const auto closes = echo.handler.wait_closes(kRounds);
  ASSERT_TRUE(closes);
  std::size_t protocol_errors = 0;
  for (const CloseEvent& close : *closes) {
    EXPECT_TRUE(close.reason == CloseReason::protocol_error ||
                close.reason == CloseReason::peer_closed)
        << to_string(close.reason);
    protocol_errors += close.reason == CloseReason::protocol_error;
  }
  EXPECT_GE(protocol_errors, kRounds / 2);
}

// A byte every ~50 ms never completes a frame: the frame deadline ends it although the
// connection is never idle. The loop stops at the close, or after 80 bytes (~4 s) as a bound.
TEST(EchoBadInput, SlowlorisHitsTheFrameTimeout)
{
  ServerConfig config;
  config.session.frame_timeout = std::chrono::milliseconds{300};
  EchoServer echo(config);
  LoopbackClient healthy(echo.port());
  LoopbackClient slow(echo.port());
  const std::string frame = header(200) + std::string(200, 's');
  Ending ending = Ending::timeout;
  std::size_t sent = 0;
  while (sent < 80 && ending == Ending::timeout) {
    if (!slow.write(frame.substr(sent, 1))) break;
    ++sent;
    ending = slow.expect_closed(std::chrono::milliseconds{50});  // also the pacing
  }
  if (ending == Ending::timeout) ending = slow.expect_closed();
  EXPECT_TRUE(ended(ending));
  EXPECT_GT(sent, 0u);  // a frame was started (how far it got depends on the load)
  slow.close();
  const auto close = echo.handler.wait_first_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::frame_timeout);
  EXPECT_EQ(close->ec, error::frame_timeout);
  expect_served(healthy);
}

// FIN after a burst: every reply still arrives, in order, then the server's FIN.
TEST(EchoBadInput, HalfCloseStillGetsEveryReplyThenEof)
{
  EchoServer echo;
  LoopbackClient healthy(echo.port());
  LoopbackClient client(echo.port());
  constexpr int kFrames = 100;
  std::string burst;
  for (int i = 0; i < kFrames; ++i) burst += encode_frame("frame " + std::to_string(i));
  ASSERT_TRUE(client.write(burst));
  client.shutdown_send();
  for (int i = 0; i < kFrames; ++i) ASSERT_EQ(client.read_frame(), "frame " + std::to_string(i));
  EXPECT_EQ(client.expect_closed(), Ending::eof);
  const auto close = echo.handler.wait_first_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::peer_closed);
  EXPECT_FALSE(close->ec);
  expect_served(healthy);
}

TEST(EchoBadInput, ResetInTheMiddleOfAFrameIsAnIoError)
{
  if (test::running_under_wine())
    GTEST_SKIP() << "Wine reports a peer's reset as an orderly EOF (recv() == 0)";
  EchoServer echo;
  LoopbackClient healthy(echo.port());
  LoopbackClient bad(echo.port());
  expect_served(bad, "established");
  ASSERT_TRUE(bad.write(header(64) + std::string(10, 'r')));
  bad.reset();
  const auto close = echo.handler.wait_first_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::io_error);
  EXPECT_TRUE(close->ec);
  expect_served(healthy);
}

TEST(EchoBadInput, ConnectAndCloseWithoutAByteIsAPeerCloseWithoutFrames)
{
  EchoServer echo;
  LoopbackClient healthy(echo.port());
  {
    LoopbackClient silent(echo.port());
    silent.close();
  }
  ASSERT_TRUE(echo.handler.wait_opens(2));
  const auto close = echo.handler.wait_first_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::peer_closed);
  EXPECT_FALSE(close->ec);
  EXPECT_EQ(echo.handler.frames(), 0u);
  expect_served(healthy);
  EXPECT_EQ(echo.server.metrics().accepted, 2u);
}

// The echo program itself, with a small --max-frame: oversize and garbage connections are
// closed, a healthy one is served throughout, and the program exits cleanly reporting them.
TEST(EchoBadInput, TheEchoProgramSurvivesBadPeers)
{
  ServerProcess server("proactor-echo-server", {"--max-frame", "64"});
  ASSERT_NE(server.port, 0);
  {
    LoopbackClient healthy(server.port);
    expect_served(healthy, "before");
    {
      LoopbackClient oversize(server.port);
      ASSERT_TRUE(oversize.write(header(65) + std::string(65, 'o')));
      EXPECT_TRUE(ended(oversize.read_until_closed()));
    }
    {
      LoopbackClient exact(server.port);
      expect_served(exact, std::string(64, 'e'));
    }
    {
      LoopbackClient all_ones(server.port);
      ASSERT_TRUE(all_ones.write(header(0xFFFF'FFFFu)));
      EXPECT_TRUE(ended(all_ones.read_until_closed()));
    }
    expect_served(healthy, "after");
  }
  server.process.send_signal(SIGTERM);
  EXPECT_EQ(server.process.wait_exit(kDeadline), 0);
  const std::string err = server.process.read_all_stderr(kDeadline);
  EXPECT_NE(err.find("stopped: accepted=4 "), std::string::npos) << err;
  EXPECT_NE(err.find(" close.protocol_error=2"), std::string::npos) << err;
}

}  // namespace
}  // namespace echo_bad_input_test
}  // namespace proactor::test
