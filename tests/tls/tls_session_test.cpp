// The same sessions over TLS: framing, graceful and abrupt endings, memory bounds, many
// clients. The server is the framework's; the clients are a blocking TLS test client and the
// framework's own connector.
#include "eventually.hpp"
#include "recording_handler.hpp"
#include "tls_test_support.hpp"
#include <proactor/server/server.hpp>
#include <proactor/tls/tls_transport.hpp>

#include <boost/asio/ssl/error.hpp>

#include <gtest/gtest.h>

#include <any>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

namespace proactor {
namespace tls_session_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using test::RecordingHandler;
using test::TlsEnding;
using test::TlsTestClient;

class TlsSessionTest : public ::testing::Test
{
 protected:
  void start(bool echo = true)
  {
    handler_ = std::make_unique<RecordingHandler>(echo);
    if (!config_.io_threads) config_.io_threads = 1;
    config_.transport = tls::make_transport(server_context_, {});
    server_ = std::make_unique<Server>(config_, *handler_);
    server_->listen("127.0.0.1", 0);
  }
  std::uint16_t port() const { return server_->local_endpoint().port; }

  tls::TlsContext server_context_ = tls::TlsContext::server(test::server_tls_config());
  tls::TlsContext client_context_ = tls::TlsContext::client(test::client_tls_config());
  ServerConfig config_;
  std::unique_ptr<RecordingHandler> handler_;
  std::unique_ptr<Server> server_;
};

TEST_F(TlsSessionTest, EchoesFramesOverTls)
{
  start();
  TlsTestClient client(port(), client_context_);
  ASSERT_FALSE(client.handshake());
  std::string wire;
  for (int i = 0; i < 20; ++i) wire += test::encode_frame("frame " + std::to_string(i));
  ASSERT_TRUE(client.write(wire.substr(0, 7)));  // a split header first
  ASSERT_TRUE(client.write(wire.substr(7)));
  for (int i = 0; i < 20; ++i) ASSERT_EQ(client.read_frame(), "frame " + std::to_string(i));
}

TEST_F(TlsSessionTest, APeerClosingWithCloseNotifyIsANormalClose)
{
  start();
  TlsTestClient client(port(), client_context_);
  ASSERT_FALSE(client.handshake());
  ASSERT_TRUE(client.write_frame("bye"));
  ASSERT_EQ(client.read_frame(), "bye");
  // The server answers our close_notify with its own.
  EXPECT_FALSE(client.shutdown());
  const auto close = handler_->wait_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::peer_closed);
}

TEST_F(TlsSessionTest, TheServerEndsWithCloseNotify)
{
  config_.session.idle_timeout = 200ms;
  config_.session.linger_timeout = 300ms;  // this client never answers the close_notify
  start();
  TlsTestClient client(port(), client_context_);
  ASSERT_FALSE(client.handshake());
  ASSERT_TRUE(client.write_frame("ping"));
  ASSERT_EQ(client.read_frame(), "ping");
  EXPECT_EQ(client.expect_closed(), TlsEnding::close_notify);
  const auto close = handler_->wait_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::idle_timeout);
}

TEST_F(TlsSessionTest, APeerThatVanishesWithoutCloseNotifyIsAnAbnormalClose)
{
  start();
  TlsTestClient client(port(), client_context_);
  ASSERT_FALSE(client.handshake());
  ASSERT_TRUE(client.write_frame("here"));
  ASSERT_EQ(client.read_frame(), "here");
  client.vanish();
  const auto close = handler_->wait_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::io_error);
  EXPECT_EQ(close->ec, boost::asio::ssl::error::stream_truncated) << close->ec.message();
}

TEST_F(TlsSessionTest, BoundsMemoryForAClientThatNeverReads)
{
  config_.session.high_watermark = 256 * 1024;
  config_.session.low_watermark = 64 * 1024;
  config_.session.overflow_timeout = 300ms;
  config_.session.idle_timeout = 0ms;
  start();
  TlsTestClient client(port(), client_context_);
  client.set_receive_buffer(4096);
  ASSERT_FALSE(client.handshake());
  const std::string frame = test::encode_frame(std::string(64 * 1024, 'w'));
  std::size_t written = 0;
  for (int i = 0; i < 200; ++i) {
    if (!client.write(frame, 2s)) break;
    written += frame.size();
  }
  const auto close = handler_->wait_close();
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::write_overflow);
  EXPECT_GT(written, config_.session.high_watermark);
  EXPECT_LE(server_->metrics().peak_queued_bytes, config_.session.high_watermark + frame.size());
}

// Client side: sends `frames` frames as soon as it opens and checks every echoed byte.
class VerifyingClient final : public Handler
{
 public:
  explicit VerifyingClient(int frames, std::size_t max_size = 3000)
      : frames_(frames), max_size_(max_size)
  {}

  std::string payload(SessionId id, int index) const
  {
    std::string out = "c" + std::to_string(id) + "f" + std::to_string(index) + ":";
    const std::size_t size = 1 + (id * 131 + static_cast<std::size_t>(index) * 977) % max_size_;
    for (std::size_t k = out.size(); k < size; ++k)
      out.push_back(static_cast<char>((id + static_cast<std::size_t>(index) + k) % 251));
    return out;
  }

  void on_open(const SessionPtr& session) override
  {
    session->context() = 0;
    for (int i = 0; i < frames_; ++i) session->send(payload(session->id(), i));
  }

  void on_frame(const SessionPtr& session, ConstBytes bytes) override
  {
    int& next = std::any_cast<int&>(session->context());
    const bool same = to_string(bytes) == payload(session->id(), next);
    ++next;
    std::lock_guard lock(mutex_);
    ++received_;
    if (!same) ++mismatches_;
    changed_.notify_all();
  }

  void on_close(const SessionPtr& session, CloseReason reason, boost::system::error_code) override
  {
    const int got = std::any_cast<int>(session->context());
    std::lock_guard lock(mutex_);
    if (got == frames_) ++complete_;
    if (reason != CloseReason::peer_closed) ++abnormal_;
    ++closes_;
    changed_.notify_all();
  }

  /// Waits until `n` received frames in total.
  bool wait_received(std::size_t n)
  {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, test::kDeadline * 3, [&] { return received_ >= n; });
  }
  bool wait_closes(std::size_t n)
  {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, test::kDeadline * 3, [&] { return closes_ >= n; });
  }
  std::size_t received() const { return locked(received_); }
  std::size_t mismatches() const { return locked(mismatches_); }
  std::size_t complete() const { return locked(complete_); }
  std::size_t abnormal() const { return locked(abnormal_); }

 private:
  std::size_t locked(const std::size_t& value) const
  {
    std::lock_guard lock(mutex_);
    return value;
  }

  const int frames_;
  const std::size_t max_size_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t received_ = 0;
  std::size_t mismatches_ = 0;
  std::size_t complete_ = 0;
  std::size_t abnormal_ = 0;
  std::size_t closes_ = 0;
};

TEST_F(TlsSessionTest, HundredClientsExchangeHundredFramesEachByteForByte)
{
  config_.io_threads = 2;
  start();
  constexpr int kClients = 100;
  constexpr int kFrames = 100;
  VerifyingClient client_handler(kFrames);
  test::ClientThread clients;
  ConnectOptions options;
  options.port = port();
  options.transport = tls::make_transport(client_context_, {});
  const auto dispatcher = std::make_shared<InlineDispatcher>(client_handler);
  for (int c = 0; c < kClients; ++c) ASSERT_FALSE(clients.connect(options, dispatcher));
  ASSERT_TRUE(client_handler.wait_received(kClients * kFrames))
      << client_handler.received() << " of " << kClients * kFrames;
  EXPECT_EQ(client_handler.mismatches(), 0u);
  EXPECT_EQ(server_->metrics().frames_in, static_cast<std::uint64_t>(kClients * kFrames));
  server_->stop();
  ASSERT_TRUE(client_handler.wait_closes(kClients));
  EXPECT_EQ(client_handler.complete(), static_cast<std::size_t>(kClients));
  EXPECT_EQ(client_handler.abnormal(), 0u);  // the server's stop ended each with close_notify
}

TEST_F(TlsSessionTest, StopUnderLoadStillDeliversQueuedReplies)
{
  config_.io_threads = 2;
  start();
  constexpr int kClients = 20;
  constexpr int kFrames = 50;
  VerifyingClient client_handler(kFrames, 16 * 1024);
  test::ClientThread clients;
  ConnectOptions options;
  options.port = port();
  options.transport = tls::make_transport(client_context_, {});
  const auto dispatcher = std::make_shared<InlineDispatcher>(client_handler);
  for (int c = 0; c < kClients; ++c) ASSERT_FALSE(clients.connect(options, dispatcher));
  // Every request has reached the handler, so every reply is queued; most are still on
  // their way when the server stops.
  ASSERT_TRUE(test::eventually([&] {
    return server_->metrics().frames_in == static_cast<std::uint64_t>(kClients * kFrames);
  }));
  server_->stop();
  ASSERT_TRUE(client_handler.wait_closes(kClients));
  EXPECT_EQ(client_handler.received(), static_cast<std::size_t>(kClients * kFrames));
  EXPECT_EQ(client_handler.mismatches(), 0u);
  EXPECT_EQ(client_handler.complete(), static_cast<std::size_t>(kClients));
  EXPECT_EQ(client_handler.abnormal(), 0u);
}

}  // namespace
}  // namespace tls_session_test
}  // namespace proactor
