// Hostile and broken peers against the real services: the echo handler and the chat handler
// in a real Server (and the echo program itself), driven over loopback by blocking clients.
// Each case checks how the bad connection ended (its close reason, or the error event the
// chat service answers with) and that a healthy client is still served right after it.
#include "app_process.hpp"
#include "chat/chat_handler.hpp"
#include "chat_test_support.hpp"
#include "echo/echo_handler.hpp"
#include "loopback_client.hpp"
#include <proactor/net/error.hpp>
#include <proactor/net/length_prefix_codec.hpp>
#include <proactor/net/packet_writer.hpp>
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace proactor::test {
namespace {

using namespace std::string_literals;

constexpr std::size_t kMaxFrame = LengthPrefixCodec::kDefaultMaxFrame;

// How one session ended, as its handler saw it.
struct CloseEvent
{
  SessionId id = 0;
  CloseReason reason = CloseReason::local_close;
  boost::system::error_code ec;
};

// Runs `Inner` (the service under test) and records every session's opening, frames and
// close, with deadline-bound waits.
template <class Inner>
class Recorder final : public Handler
{
 public:
  template <class... Args>
  explicit Recorder(Args&&... args) : inner_(std::forward<Args>(args)...)
  {}

  void on_open(const SessionPtr& session) override
  {
    inner_.on_open(session);
    std::lock_guard lock(mutex_);
    ++opens_;
    changed_.notify_all();
  }

  void on_frame(const SessionPtr& session, ConstBytes payload) override
  {
    {
      // Counted before the service answers, so a client holding the answer sees the count.
      std::lock_guard lock(mutex_);
      ++frames_;
    }
    inner_.on_frame(session, payload);
  }

  void on_writable(const SessionPtr& session) override { inner_.on_writable(session); }

  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override
  {
    inner_.on_close(session, reason, ec);
    std::lock_guard lock(mutex_);
    closes_.push_back({session->id(), reason, ec});
    changed_.notify_all();
  }

  // The first `n` closes, once there are that many; nullopt at the deadline.
  std::optional<std::vector<CloseEvent>> wait_closes(std::size_t n)
  {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, kDeadline, [&] { return closes_.size() >= n; }))
      return std::nullopt;
    return std::vector<CloseEvent>(closes_.begin(), closes_.begin() + static_cast<long>(n));
  }

  std::optional<CloseEvent> wait_first_close()
  {
    auto closes = wait_closes(1);
    if (!closes) return std::nullopt;
    return closes->front();
  }

  bool wait_opens(std::size_t n)
  {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kDeadline, [&] { return opens_ >= n; });
  }

  std::size_t frames() const
  {
    std::lock_guard lock(mutex_);
    return frames_;
  }

  std::size_t close_count() const
  {
    std::lock_guard lock(mutex_);
    return closes_.size();
  }

 private:
  Inner inner_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t opens_ = 0;
  std::size_t frames_ = 0;
  std::vector<CloseEvent> closes_;
};

// A real Server on 127.0.0.1:0 running `Inner` behind a recorder.
template <class Inner>
struct InProcess
{
  Recorder<Inner> handler;
  Server server;

  explicit InProcess(ServerConfig config = {}) : server(with_threads(std::move(config)), handler)
  {
    server.listen("127.0.0.1", 0);
  }

  std::uint16_t port() const { return server.local_endpoint().port; }

  static ServerConfig with_threads(ServerConfig config)
  {
    if (config.io_threads == 0) config.io_threads = 2;
    return config;
  }
};

using EchoServer = InProcess<apps::EchoHandler>;
using ChatServer = InProcess<chat::ChatHandler>;

// A u32 big-endian length header announcing `length` bytes.
std::string header(std::uint32_t length)
{
  return {static_cast<char>(length >> 24), static_cast<char>(length >> 16),
          static_cast<char>(length >> 8), static_cast<char>(length)};
}

// `n` bytes from `rng`.
std::string random_bytes(std::mt19937& rng, std::size_t n)
{
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(byte(rng));
  return out;
}

// One echo round trip on a connection that must still be served.
void expect_served(LoopbackClient& client, const std::string& payload = "still served")
{
  ASSERT_TRUE(client.write_frame(payload));
  EXPECT_EQ(client.read_frame(), payload);
}

// The server's side ended: EOF or reset, neither nothing (hang) nor more data.
bool ended(Ending ending)
{
  return ending == Ending::eof || ending == Ending::reset;
}

// Sends FIN, tolerating a connection the server already tore down.
void shutdown_quietly(LoopbackClient& client)
{
  try {
    client.shutdown_send();
  } catch (const std::exception&) {
  }
}

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

// ---- chat ----

// A logged-in chat client over a raw loopback connection.
struct ChatClient
{
  LoopbackClient raw;

  ChatClient(std::uint16_t port, const std::string& nick, const std::string& room) : raw(port)
  {
    send(chat::HelloRequest{});
    expect<chat::WelcomeEvent>();
    send(chat::NickRequest{nick});
    expect<chat::NickEvent>();
    send(chat::JoinRequest{room});
    expect<chat::JoinedEvent>();
  }

  void send(const chat::Request& request) { EXPECT_TRUE(send_request(raw, request)); }

  template <class T>
  std::optional<T> expect()
  {
    const auto event = read_event(raw);
    if (!event) {
      ADD_FAILURE() << "no event";
      return std::nullopt;
    }
    if (const T* typed = std::get_if<T>(&*event)) return *typed;
    ADD_FAILURE() << "unexpected event type " << static_cast<int>(chat::type_of(*event));
    return std::nullopt;
  }

  // Pings and returns every event that came before the pong: the session is alive, and
  // nothing it was owed before the ping is missing.
  std::vector<chat::Event> drain(std::uint32_t token)
  {
    send(chat::PingRequest{token});
    std::vector<chat::Event> events;
    for (int i = 0; i < 1000; ++i) {
      auto event = read_event(raw);
      if (!event) break;
      if (const auto* pong = std::get_if<chat::PongEvent>(&*event); pong && pong->token == token)
        return events;
      events.push_back(std::move(*event));
    }
    ADD_FAILURE() << "no pong";
    return events;
  }
};

std::string encoded(const chat::Request& request)
{
  PacketWriter writer;
  chat::write(writer, request);
  return std::string(as_string_view(writer.bytes()));
}

// Random payloads (fixed seed) whose type byte is no request's: each gets its own
// unknown_type error event and the session stays open, as does a bystander's.
TEST(ChatBadInput, RandomPayloadsOfUnknownTypeGetErrorEventsAndTheSessionSurvives)
{
  ChatServer chat;
  ChatClient bystander(chat.port(), "bystander", "lab");
  ChatClient fuzzer(chat.port(), "fuzzer", "lab");
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> size(0, 300);
  std::uniform_int_distribution<int> type(0x0a, 0xff);
  for (int i = 0; i < 200; ++i) {
    std::string payload = random_bytes(rng, size(rng) + 1);
    payload[0] = static_cast<char>(i % 10 == 0 ? 0 : type(rng));
    ASSERT_TRUE(fuzzer.raw.write_frame(payload));
    const auto error = fuzzer.expect<chat::ErrorEvent>();
    ASSERT_TRUE(error) << "payload " << i;
    EXPECT_EQ(error->code, chat::ErrorCode::unknown_type) << "payload " << i;
  }
  EXPECT_TRUE(fuzzer.drain(1).empty());
  EXPECT_EQ(bystander.drain(2), (std::vector<chat::Event>{chat::JoinedEvent{"lab", "fuzzer"}}));
  // Still a member: what it says reaches the room.
  fuzzer.send(chat::SayRequest{"survived"});
  const auto heard = bystander.expect<chat::MessageEvent>();
  ASSERT_TRUE(heard);
  EXPECT_EQ(heard->text, "survived");
  EXPECT_EQ(chat.handler.close_count(), 0u);
}

// Every strict prefix of a well-formed request, and every request with a byte too many, is
// malformed: an error event each, never a disconnect and never a half-applied request.
TEST(ChatBadInput, TruncatedAndPaddedRequestsAreMalformed)
{
  ChatServer chat;
  ChatClient bystander(chat.port(), "bystander", "lab");
  ChatClient client(chat.port(), "client", "lab");
  const std::vector<chat::Request> requests{
      chat::HelloRequest{},           chat::NickRequest{"newname"},
      chat::JoinRequest{"elsewhere"}, chat::SayRequest{"hello room"},
      chat::PrivateRequest{"bystander", "psst"}, chat::UsersRequest{"lab"},
      chat::PingRequest{99}};
  std::size_t cases = 0;
  for (const chat::Request& request : requests) {
    const std::string whole = encoded(request);
    std::vector<std::string> bad{whole + "\x00"s, whole + "junk"};
    for (std::size_t n = 1; n < whole.size(); ++n) bad.push_back(whole.substr(0, n));
    for (const std::string& payload : bad) {
      ASSERT_TRUE(client.raw.write_frame(payload));
      const auto error = client.expect<chat::ErrorEvent>();
      ASSERT_TRUE(error) << "request type " << int{static_cast<std::uint8_t>(whole[0])}
                         << ", " << payload.size() << " bytes";
      EXPECT_EQ(error->code, chat::ErrorCode::malformed) << payload.size() << " bytes";
      ++cases;
    }
  }
  EXPECT_GT(cases, 40u);
  // Nothing was applied: the bystander saw no message, rename, departure or whisper.
  EXPECT_EQ(bystander.drain(1), (std::vector<chat::Event>{chat::JoinedEvent{"lab", "client"}}));
  client.send(chat::SayRequest{"still client"});
  const auto heard = bystander.expect<chat::MessageEvent>();
  ASSERT_TRUE(heard);
  EXPECT_EQ(heard->nick, "client");
  EXPECT_EQ(heard->room, "lab");
  EXPECT_EQ(chat.handler.close_count(), 0u);
}

// Raw garbage on the wire (not even framed) ends that connection with a protocol error; the
// room and its other members carry on.
TEST(ChatBadInput, GarbageOnTheWireClosesOnlyThatConnection)
{
  ChatServer chat;
  ChatClient alice(chat.port(), "alice", "lab");
  ChatClient bob(chat.port(), "bob", "lab");
  std::mt19937 rng(99);
  constexpr std::size_t kRounds = 10;
  for (std::size_t round = 0; round < kRounds; ++round) {
    LoopbackClient bad(chat.port());
    (void)bad.write("\xff"s + random_bytes(rng, 512));  // a first byte of 0xff: oversize
    shutdown_quietly(bad);
    EXPECT_TRUE(ended(bad.read_until_closed())) << "round " << round;
  }
  const auto closes = chat.handler.wait_closes(kRounds);
  ASSERT_TRUE(closes);
  for (const CloseEvent& close : *closes) {
    EXPECT_EQ(close.reason, CloseReason::protocol_error);
    EXPECT_EQ(close.ec, error::frame_too_large);
  }
  alice.send(chat::SayRequest{"anyone?"});
  const auto heard = bob.expect<chat::MessageEvent>();
  ASSERT_TRUE(heard);
  EXPECT_EQ(heard->text, "anyone?");
  EXPECT_FALSE(alice.drain(1).empty());  // bob's arrival and her own message
  EXPECT_TRUE(bob.drain(2).empty());
}

}  // namespace
}  // namespace proactor::test
