// SocketOptions set through apply / apply_listener, read back from the kernel.
#include "run_until.hpp"
#include "socket_probe.hpp"
#include <proactor/net/socket_options.hpp>
#include <proactor/server/server.hpp>
#include <proactor/session/basic_session.hpp>
#include <proactor/session/connector.hpp>
#include <proactor/session/dispatcher.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/socket_options_apply.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/socket_base.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>

namespace proactor {
namespace socket_options_test {  // a unity build puts several test files in one unit
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

using test::read_int_option;

constexpr auto kNoSocket = static_cast<NativeSocket>(-1);
constexpr const char* kNoReusePort =
    "no SO_REUSEPORT on this platform (see ReusePortIsRefusedWhereThePlatformHasNone)";

// An open (unconnected) TCP socket: options can be set and read back before connecting.
struct OpenSocket
{
  asio::io_context io;
  TcpSocket socket{io.get_executor()};

  OpenSocket() { socket.open(asio::ip::tcp::v4()); }
  NativeSocket fd() { return socket.native_handle(); }
};

TEST(SocketOptions, DefaultsAreNoDelayOnAndReuseAddressOn)
{
  const SocketOptions options;
  EXPECT_TRUE(options.no_delay);
  EXPECT_FALSE(options.keep_alive);
  EXPECT_TRUE(options.reuse_address);
  EXPECT_FALSE(options.reuse_port);
  EXPECT_FALSE(options.linger);
  EXPECT_FALSE(options.receive_buffer);
  EXPECT_FALSE(options.send_buffer);
}

TEST(SocketOptions, SetsNoDelayBothWays)
{
  OpenSocket s;
  SocketOptions options;
  ASSERT_FALSE(proactor::apply(s.socket, options));
  asio::ip::tcp::no_delay no_delay;
  s.socket.get_option(no_delay);
  EXPECT_TRUE(no_delay.value());

  options.no_delay = false;
  ASSERT_FALSE(proactor::apply(s.socket, options));
  s.socket.get_option(no_delay);
  EXPECT_FALSE(no_delay.value());
}

TEST(SocketOptions, SetsKeepAliveWithIdleIntervalAndCount)
{
  if (const auto why = test::keep_alive_timings_unsupported(); !why.empty()) GTEST_SKIP() << why;
  OpenSocket s;
  SocketOptions options;
  options.keep_alive = true;
  options.keep_alive_idle = 45s;
  options.keep_alive_interval = 7s;
  options.keep_alive_count = 4;
  const auto ec = proactor::apply(s.socket, options);
  ASSERT_FALSE(ec) << ec.message();

  asio::socket_base::keep_alive keep_alive;
  s.socket.get_option(keep_alive);
  EXPECT_TRUE(keep_alive.value());
  EXPECT_EQ(read_int_option(s.fd(), IPPROTO_TCP, TCP_KEEPIDLE), 45);
  EXPECT_EQ(read_int_option(s.fd(), IPPROTO_TCP, TCP_KEEPINTVL), 7);
  EXPECT_EQ(read_int_option(s.fd(), IPPROTO_TCP, TCP_KEEPCNT), 4);
}

TEST(SocketOptions, LeavesKeepAliveOffByDefault)
{
  OpenSocket s;
  ASSERT_FALSE(proactor::apply(s.socket, SocketOptions{}));
  asio::socket_base::keep_alive keep_alive;
  s.socket.get_option(keep_alive);
  EXPECT_FALSE(keep_alive.value());
}

TEST(SocketOptions, SetsLinger)
{
  OpenSocket s;
  SocketOptions options;
  options.linger = 3s;
  ASSERT_FALSE(proactor::apply(s.socket, options));
  asio::socket_base::linger linger;
  s.socket.get_option(linger);
  EXPECT_TRUE(linger.enabled());
  EXPECT_EQ(linger.timeout(), 3);
}

TEST(SocketOptions, SetsBufferSizesAtLeastAsLargeAsAsked)
{
  OpenSocket s;
  SocketOptions options;
  options.receive_buffer = 64 * 1024;
  options.send_buffer = 32 * 1024;
  ASSERT_FALSE(proactor::apply(s.socket, options));
  asio::socket_base::receive_buffer_size receive;
  asio::socket_base::send_buffer_size send;
  s.socket.get_option(receive);
  s.socket.get_option(send);
  // Linux doubles the value for its bookkeeping (and caps it at net.core.*mem_max).
  EXPECT_GE(receive.value(), 64 * 1024);
  EXPECT_GE(send.value(), 32 * 1024);
}

TEST(SocketOptions, RejectsAKeepAliveCountOfZeroWithTheSystemsMessage)
{
  if (const auto why = test::keep_alive_timings_unsupported(); !why.empty()) GTEST_SKIP() << why;
  OpenSocket s;
  SocketOptions options;
  options.keep_alive = true;
  options.keep_alive_count = 0;
  const auto ec = proactor::apply(s.socket, options);
  ASSERT_TRUE(ec);
  EXPECT_EQ(ec, boost::system::errc::invalid_argument);
  EXPECT_EQ(ec.message(), "Invalid argument");
}

TEST(SocketOptions, RejectsAHugeNegativeIdleTime)
{
  if (const auto why = test::keep_alive_timings_unsupported(); !why.empty()) GTEST_SKIP() << why;
  OpenSocket s;
  SocketOptions options;
  options.keep_alive = true;
  options.keep_alive_idle = std::chrono::seconds(-2'000'000'000);
  const auto ec = proactor::apply(s.socket, options);
  ASSERT_TRUE(ec);
  EXPECT_EQ(ec.message(), "Invalid argument");
}

TEST(SocketOptions, RejectsABufferSizeBeyondAnInt)
{
  OpenSocket s;
  SocketOptions options;
  options.receive_buffer = std::size_t{1} << 40;
  const auto ec = proactor::apply(s.socket, options);
  ASSERT_TRUE(ec);
  EXPECT_EQ(ec, boost::system::errc::invalid_argument);
  EXPECT_FALSE(ec.message().empty());
}

TEST(SocketOptions, ReportsAClosedSocketAsAnError)
{
  asio::io_context io;
  TcpSocket closed{io.get_executor()};
  const auto ec = proactor::apply(closed, SocketOptions{});
  ASSERT_TRUE(ec);
  EXPECT_FALSE(ec.message().empty());
}

TEST(SocketOptions, SetsReuseAddressAndReusePortOnAListener)
{
  if (!test::kHasReusePort) GTEST_SKIP() << kNoReusePort;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io);
  acceptor.open(asio::ip::tcp::v4());
  SocketOptions options;
  options.reuse_port = true;
  ASSERT_FALSE(apply_listener(acceptor, options));
  asio::socket_base::reuse_address reuse_address;
  acceptor.get_option(reuse_address);
  EXPECT_TRUE(reuse_address.value());
  EXPECT_EQ(read_int_option(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT), 1);
}

TEST(SocketOptions, ReusePortLetsTwoListenersShareAPort)
{
  if (!test::kHasReusePort) GTEST_SKIP() << kNoReusePort;
  asio::io_context io;
  SocketOptions options;
  options.reuse_port = true;
  asio::ip::tcp::acceptor first(io);
  first.open(asio::ip::tcp::v4());
  ASSERT_FALSE(apply_listener(first, options));
  first.bind({asio::ip::make_address("127.0.0.1"), 0});
  first.listen();

  asio::ip::tcp::acceptor second(io);
  second.open(asio::ip::tcp::v4());
  ASSERT_FALSE(apply_listener(second, options));
  boost::system::error_code ec;
  second.bind(first.local_endpoint(), ec);
  EXPECT_FALSE(ec) << ec.message();
}

TEST(SocketOptions, ListenerDefaultsLeaveReusePortOff)
{
  if (!test::kHasReusePort) GTEST_SKIP() << kNoReusePort;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io);
  acceptor.open(asio::ip::tcp::v4());
  ASSERT_FALSE(apply_listener(acceptor, SocketOptions{}));
  EXPECT_EQ(read_int_option(acceptor.native_handle(), SOL_SOCKET, SO_REUSEPORT), 0);
}

TEST(SocketOptions, ReusePortIsRefusedWhereThePlatformHasNone)
{
  if (test::kHasReusePort) GTEST_SKIP() << "this platform has SO_REUSEPORT (tested above)";
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io);
  acceptor.open(asio::ip::tcp::v4());
  SocketOptions options;
  options.reuse_port = true;
  EXPECT_EQ(apply_listener(acceptor, options), boost::system::errc::operation_not_supported);
}

TEST(SocketOptions, AListenerKeepsItsPortFromOtherSockets)
{
  // Whatever reuse_address means on the platform (POSIX: rebinding over TIME_WAIT; Windows:
  // SO_EXCLUSIVEADDRUSE), a second socket cannot take a live listener's port.
  asio::io_context io;
  asio::ip::tcp::acceptor first(io);
  first.open(asio::ip::tcp::v4());
  ASSERT_FALSE(apply_listener(first, SocketOptions{}));
  first.bind({asio::ip::make_address("127.0.0.1"), 0});
  first.listen();

  asio::ip::tcp::acceptor second(io);
  second.open(asio::ip::tcp::v4());
  boost::system::error_code ec;
  second.set_option(asio::socket_base::reuse_address(true), ec);
  second.bind(first.local_endpoint(), ec);
  EXPECT_TRUE(ec) << "a second socket bound the listener's port";
}

// Hands over the descriptor of the first session that opens, read on the session's own
// thread: the session object is touched only there (the test thread uses the number).
class OpenedSession final : public Handler
{
 public:
  void on_open(const SessionPtr& session) override
  {
    if (set_) return;
    set_ = true;
    session_ = session;
    const auto tcp = std::dynamic_pointer_cast<TcpSession>(session);
    opened_.set_value(tcp ? static_cast<NativeSocket>(tcp->stream().native_handle()) : kNoSocket);
  }
  void on_frame(const SessionPtr& /*session*/, ConstBytes /*payload*/) override {}

  // The socket's descriptor, or kNoSocket if no session opened in time.
  NativeSocket wait_fd()
  {
    auto future = opened_.get_future();
    if (future.wait_for(10s) != std::future_status::ready) return kNoSocket;
    return future.get();
  }

  // Closes the session (after wait_fd), so that a stopping server need not wait for it.
  void close()
  {
    if (session_) session_->close();
  }

 private:
  std::promise<NativeSocket> opened_;
  bool set_ = false;    // I/O thread only
  SessionPtr session_;  // keeps the descriptor's owner alive until the server stops
};

SocketOptions non_default_options()
{
  SocketOptions options;
  options.no_delay = false;
  options.keep_alive = true;
  options.keep_alive_idle = 77s;
  options.keep_alive_count = 3;
  return options;
}

// A server applying `options` to the connections it accepts, one client connected to it,
// and the descriptor of the server's side of that connection (-1 if it never opened).
struct ServedClient
{
  explicit ServedClient(const SocketOptions& options) : server(config_with(options), handler)
  {
    server.listen("127.0.0.1", 0);
    client.connect({asio::ip::make_address("127.0.0.1"), server.local_endpoint().port});
    fd = handler.wait_fd();
  }
  ~ServedClient()
  {
    client.close();
    server.stop();
  }
  static ServerConfig config_with(const SocketOptions& options)
  {
    ServerConfig config;
    config.io_threads = 1;
    config.socket_options = options;
    return config;
  }

  OpenedSession handler;  // before the server, which refers to it
  Server server;
  asio::io_context io;
  TcpSocket client{io.get_executor()};
  NativeSocket fd = kNoSocket;
};

TEST(SocketOptions, ServerAppliesThemToAcceptedConnections)
{
  if (const auto why = test::keep_alive_timings_unsupported(); !why.empty()) GTEST_SKIP() << why;
  ServedClient served(non_default_options());
  const NativeSocket fd = served.fd;
  ASSERT_NE(fd, kNoSocket);
  EXPECT_EQ(read_int_option(fd, IPPROTO_TCP, TCP_NODELAY), 0);
  EXPECT_EQ(read_int_option(fd, SOL_SOCKET, SO_KEEPALIVE), 1);
  EXPECT_EQ(read_int_option(fd, IPPROTO_TCP, TCP_KEEPIDLE), 77);
  EXPECT_EQ(read_int_option(fd, IPPROTO_TCP, TCP_KEEPCNT), 3);
}

TEST(SocketOptions, ServerSetsNoDelayByDefault)
{
  ServedClient served(SocketOptions{});
  const NativeSocket fd = served.fd;
  ASSERT_NE(fd, kNoSocket);
  EXPECT_EQ(read_int_option(fd, IPPROTO_TCP, TCP_NODELAY), 1);
}

TEST(SocketOptions, ServerListenerWithReusePortSharesItsPort)
{
  if (!test::kHasReusePort) GTEST_SKIP() << kNoReusePort;
  OpenedSession handler;
  ServerConfig config;
  config.io_threads = 1;
  config.socket_options.reuse_port = true;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);

  asio::io_context io;
  asio::ip::tcp::acceptor second(io);
  second.open(asio::ip::tcp::v4());
  ASSERT_FALSE(apply_listener(second, config.socket_options));
  boost::system::error_code ec;
  second.bind({asio::ip::make_address("127.0.0.1"), server.local_endpoint().port}, ec);
  EXPECT_FALSE(ec) << ec.message();
  server.stop();
}

TEST(SocketOptions, ServerListenerWithoutReusePortKeepsItsPort)
{
  if (!test::kHasReusePort) GTEST_SKIP() << kNoReusePort;
  OpenedSession handler;
  ServerConfig config;
  config.io_threads = 1;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);

  asio::io_context io;
  asio::ip::tcp::acceptor second(io);
  second.open(asio::ip::tcp::v4());
  SocketOptions options;
  options.reuse_port = true;
  ASSERT_FALSE(apply_listener(second, options));
  boost::system::error_code ec;
  second.bind({asio::ip::make_address("127.0.0.1"), server.local_endpoint().port}, ec);
  EXPECT_EQ(ec, boost::system::errc::address_in_use);
  server.stop();
}

// Runs `io` until async_connect reported; returns its error.
boost::system::error_code connect_with(asio::io_context& io, const ConnectOptions& options,
                                       Handler& handler)
{
  std::optional<boost::system::error_code> result;
  async_connect(io, options, std::make_shared<InlineDispatcher>(handler),
                [&](boost::system::error_code ec, const SessionPtr&) { result = ec; });
  test::run_until(io, [&] { return result.has_value(); }, 10s);
  return result.value_or(boost::asio::error::timed_out);
}

TEST(SocketOptions, ConnectorAppliesThemAfterConnecting)
{
  if (const auto why = test::keep_alive_timings_unsupported(); !why.empty()) GTEST_SKIP() << why;
  OpenedSession server_handler;
  ServerConfig config;
  config.io_threads = 1;
  Server server(config, server_handler);
  server.listen("127.0.0.1", 0);

  asio::io_context io;
  OpenedSession client_handler;
  ConnectOptions options;
  options.port = server.local_endpoint().port;
  options.socket_options = non_default_options();
  const auto ec = connect_with(io, options, client_handler);
  ASSERT_FALSE(ec) << ec.message();
  const NativeSocket fd = client_handler.wait_fd();
  ASSERT_NE(fd, kNoSocket);
  EXPECT_EQ(read_int_option(fd, IPPROTO_TCP, TCP_NODELAY), 0);
  EXPECT_EQ(read_int_option(fd, IPPROTO_TCP, TCP_KEEPIDLE), 77);
  EXPECT_EQ(read_int_option(fd, IPPROTO_TCP, TCP_KEEPCNT), 3);
  client_handler.close();
  test::run_until(io, [] { return false; }, 100ms);  // lets the close run
  server.stop();
}

TEST(SocketOptions, ConnectorFailsTheAttemptWhenAnOptionIsRefused)
{
  if (const auto why = test::keep_alive_timings_unsupported(); !why.empty()) GTEST_SKIP() << why;
  OpenedSession server_handler;
  ServerConfig config;
  config.io_threads = 1;
  Server server(config, server_handler);
  server.listen("127.0.0.1", 0);

  asio::io_context io;
  OpenedSession client_handler;
  ConnectOptions options;
  options.port = server.local_endpoint().port;
  options.socket_options.keep_alive = true;
  options.socket_options.keep_alive_count = 0;
  const auto ec = connect_with(io, options, client_handler);
  EXPECT_EQ(ec, boost::system::errc::invalid_argument);
  EXPECT_EQ(ec.message(), "Invalid argument");
  server.stop();
}

}  // namespace
}  // namespace socket_options_test
}  // namespace proactor
