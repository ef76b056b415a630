// The client side: async_connect runs the same session type as the server.
#include "loopback_client.hpp"
#include "recording_handler.hpp"
#include "run_until.hpp"
#include <proactor/net/error.hpp>
#include <proactor/server/server.hpp>
#include <proactor/session/connector.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

#include <memory>

namespace proactor {
namespace connector_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using test::RecordingHandler;

struct ConnectResult
{
  bool called = false;
  boost::system::error_code ec;
  SessionPtr session;
};

ConnectResult connect(boost::asio::io_context& io, const ConnectOptions& options, Handler& handler)
{
  ConnectResult result;
  async_connect(io, options, std::make_shared<InlineDispatcher>(handler),
                [&](boost::system::error_code ec, SessionPtr session) {
                  result = {true, ec, std::move(session)};
                });
  test::run_until(io, [&] { return result.called; }, test::kDeadline);
  return result;
}

TEST(Connector, ConnectsAndExchangesFramesWithAServer)
{
  RecordingHandler server_handler;
  ServerConfig config;
  config.io_threads = 1;
  Server server(config, server_handler);
  server.listen("127.0.0.1", 0);

  boost::asio::io_context io;
  RecordingHandler client_handler(false);
  ConnectOptions options;
  options.port = server.local_endpoint().port;
  const auto result = connect(io, options, client_handler);
  ASSERT_TRUE(result.called);
  ASSERT_FALSE(result.ec) << result.ec.message();
  ASSERT_TRUE(result.session);
  EXPECT_EQ(result.session->remote_address(), "127.0.0.1:" + std::to_string(options.port));

  for (int i = 0; i < 10; ++i) result.session->send("n" + std::to_string(i));
  test::run_until(io, [&] { return client_handler.wait_frames(10, 0ms); }, test::kDeadline);
  const auto frames = client_handler.frames();
  ASSERT_EQ(frames.size(), 10u);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(frames[static_cast<std::size_t>(i)], "n" + std::to_string(i));

  result.session->close();
  test::run_until(io, [&] { return client_handler.close_count() > 0; }, test::kDeadline);
  const auto close = client_handler.wait_close(0ms);
  ASSERT_TRUE(close);
  EXPECT_EQ(close->reason, CloseReason::local_close);
  const auto server_close = server_handler.wait_close();
  ASSERT_TRUE(server_close);
  EXPECT_EQ(server_close->reason, CloseReason::peer_closed);
}

TEST(Connector, ReportsConnectionRefused)
{
  boost::asio::io_context io;
  RecordingHandler handler;
  ConnectOptions options;
  options.port = test::unused_port();
  const auto result = connect(io, options, handler);
  ASSERT_TRUE(result.called);
  EXPECT_EQ(result.ec, boost::asio::error::connection_refused);
  EXPECT_FALSE(result.session);
}

TEST(Connector, GivesUpWithConnectTimeoutWhenNobodyAnswers)
{
  // A listener that never accepts, with the smallest backlog: once its queue is full the
  // kernel drops further SYNs, so a connect hangs until our deadline.
  boost::asio::io_context listener_io;
  boost::asio::ip::tcp::acceptor listener(listener_io);
  const boost::asio::ip::tcp::endpoint any(boost::asio::ip::address_v4::loopback(), 0);
  listener.open(any.protocol());
  listener.bind(any);
  listener.listen(0);

  boost::asio::io_context io;
  RecordingHandler handler;
  ConnectOptions options;
  options.port = listener.local_endpoint().port();
  options.timeout = 300ms;
  std::vector<SessionPtr> queued;  // keep the ones that got in, to keep the queue full
  bool timed_out = false;
  for (int i = 0; i < 8 && !timed_out; ++i) {
    auto result = connect(io, options, handler);
    ASSERT_TRUE(result.called);
    if (result.ec == error::connect_timeout)
      timed_out = true;
    else
      queued.push_back(result.session);
  }
  EXPECT_TRUE(timed_out);
}

TEST(Connector, ConnectsOverIpv6LoopbackWhenAvailable)
{
  RecordingHandler server_handler;
  ServerConfig config;
  config.io_threads = 1;
  Server server(config, server_handler);
  try {
    server.listen("::1", 0);
  } catch (const boost::system::system_error& e) {
    GTEST_SKIP() << "no IPv6 loopback on this machine: " << e.what();
  }
  boost::asio::io_context io;
  RecordingHandler client_handler(false);
  ConnectOptions options;
  options.host = "::1";
  options.port = server.local_endpoint().port;
  const auto result = connect(io, options, client_handler);
  ASSERT_FALSE(result.ec) << result.ec.message();
  result.session->send(std::string_view("six"));
  test::run_until(io, [&] { return client_handler.wait_frames(1, 0ms); }, test::kDeadline);
  EXPECT_EQ(client_handler.frames(), std::vector<std::string>{"six"});
}

}  // namespace
}  // namespace connector_test
}  // namespace proactor
