// UdpEndpoint over real loopback sockets: round trips on IPv4 and IPv6, the bounded send
// queue, close, oversize datagrams, and endpoints a Server runs on its I/O threads.
#include "eventually.hpp"
#include "run_until.hpp"
#include "loopback_client.hpp"
#include "recording_udp_handler.hpp"
#include <proactor/server/server.hpp>
#include <proactor/session/udp_endpoint.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace proactor {
namespace udp_endpoint_test {  // a unity build puts several test files in one unit
namespace {

using test::IoThread;
using test::kDeadline;
using test::RecordingUdpHandler;

// The address a test sends to: the endpoint's own port on the loopback of its family.
UdpAddress loopback_of(const UdpEndpointPtr& endpoint)
{
  const bool v6 = endpoint->local_address().is_v6();
  return UdpAddress::resolve(v6 ? "::1" : "127.0.0.1", endpoint->local_address().port());
}

// True when 127.0.0.1:`port` can be bound again; releases it at once.
bool port_is_free(boost::asio::io_context& io, std::uint16_t port)
{
  RecordingUdpHandler handler;  // outlives the endpoint's on_close, which is waited for
  try {
    UdpEndpoint::open(io, "127.0.0.1", port, handler)->close();
  } catch (const boost::system::system_error& e) {
    ADD_FAILURE() << "port " << port << " still taken: " << e.code().message();
    return false;
  }
  return handler.wait_close().has_value();
}

class UdpEndpointRoundTrip : public ::testing::TestWithParam<const char*>
{};

TEST_P(UdpEndpointRoundTrip, EchoesADatagramBackToItsSender)
{
  RecordingUdpHandler echo_handler(/*echo=*/true);
  RecordingUdpHandler client_handler;
  IoThread thread;
  UdpEndpointPtr server;
  try {
    server = UdpEndpoint::open(thread.io, GetParam(), 0, echo_handler);
  } catch (const boost::system::system_error& e) {
    GTEST_SKIP() << "no " << GetParam() << " on this machine: " << e.code().message();
  }
  const auto client = UdpEndpoint::open(thread.io, GetParam(), 0, client_handler);
  ASSERT_NE(server->local_address().port(), 0);

  ASSERT_TRUE(client->send_to(server->local_address(), "hello over udp"));
  const auto echoed = client_handler.wait_datagrams(1);
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->front().bytes, "hello over udp");
  EXPECT_EQ(echoed->front().from, server->local_address());

  const auto seen = echo_handler.received();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen.front().from, client->local_address());
  EXPECT_TRUE(test::eventually([&] { return server->stats().datagrams_out == 1; }));
  const UdpStats stats = server->stats();
  EXPECT_EQ(stats.datagrams_in, 1u);
  EXPECT_EQ(stats.bytes_in, 14u);
  EXPECT_EQ(stats.bytes_out, 14u);
  server->close();
  client->close();
  EXPECT_TRUE(echo_handler.wait_close());
  EXPECT_TRUE(client_handler.wait_close());
}

TEST_P(UdpEndpointRoundTrip, DeliversAnEmptyDatagram)
{
  RecordingUdpHandler handler;
  IoThread thread;
  UdpEndpointPtr endpoint;
  try {
    endpoint = UdpEndpoint::open(thread.io, GetParam(), 0, handler);
  } catch (const boost::system::system_error& e) {
    GTEST_SKIP() << "no " << GetParam() << " on this machine: " << e.code().message();
  }
  ASSERT_TRUE(endpoint->send_to(endpoint->local_address(), ""));
  const auto got = handler.wait_datagrams(1);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->front().bytes, "");
  endpoint->close();
  EXPECT_TRUE(handler.wait_close());
}

// "127.0.0.1" -> "Ipv4", "::1" -> "Ipv6"
std::string family_name(const ::testing::TestParamInfo<const char*>& param)
{
  return std::string(param.param) == "::1" ? "Ipv6" : "Ipv4";
}

INSTANTIATE_TEST_SUITE_P(Loopback, UdpEndpointRoundTrip, ::testing::Values("127.0.0.1", "::1"),
                         family_name);

TEST(UdpEndpoint, SendsBeyondTheQueueCapacityAreDroppedAndCounted)
{
  RecordingUdpHandler sender_handler;
  RecordingUdpHandler receiver_handler;
  // Not run yet: every send waits in the queue, so the bound is exact.
  boost::asio::io_context io;
  UdpConfig config;
  config.send_queue_capacity = 4;
  const auto sender = UdpEndpoint::open(io, "127.0.0.1", 0, sender_handler, config);
  const auto receiver = UdpEndpoint::open(io, "127.0.0.1", 0, receiver_handler);

  int accepted = 0;
  for (int i = 0; i < 10; ++i)
    accepted += sender->send_to(receiver->local_address(), "datagram " + std::to_string(i)) ? 1 : 0;
  EXPECT_EQ(accepted, 4);
  EXPECT_EQ(sender->queued(), 4u);
  EXPECT_EQ(sender->stats().send_dropped, 6u);

  // Run until the four are through; a run is bounded by the deadline, never by a sleep.
  test::run_until(
      io, [&] { return receiver_handler.received().size() >= 4 && sender->queued() == 0; },
      kDeadline);
  const auto got = receiver_handler.received();
  ASSERT_EQ(got.size(), 4u);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(got[static_cast<std::size_t>(i)].bytes, "datagram " + std::to_string(i));
  EXPECT_EQ(sender->queued(), 0u);
  EXPECT_EQ(sender->stats().datagrams_out, 4u);

  sender->close();
  receiver->close();
  test::run_until(
      io,
      [&] { return sender_handler.close_count() == 1 && receiver_handler.close_count() == 1; },
      kDeadline);
  EXPECT_EQ(sender_handler.close_count(), 1u);
  EXPECT_EQ(receiver_handler.close_count(), 1u);
}

TEST(UdpEndpoint, CloseStopsTheLoopReleasesThePortAndReportsOnce)
{
  RecordingUdpHandler handler;
  IoThread thread;
  auto endpoint = UdpEndpoint::open(thread.io, "127.0.0.1", 0, handler);
  const auto port = endpoint->local_address().port();
  std::weak_ptr<UdpEndpoint> weak = endpoint;

  endpoint->close();
  endpoint->close();
  const auto ec = handler.wait_close();
  ASSERT_TRUE(ec);
  EXPECT_FALSE(*ec) << ec->message();
  EXPECT_FALSE(endpoint->is_open());
  EXPECT_FALSE(endpoint->send_to(endpoint->local_address(), "too late"));
  EXPECT_EQ(endpoint->stats().send_dropped, 1u);
  EXPECT_EQ(endpoint->join_group("239.255.0.1", "127.0.0.1"), boost::asio::error::bad_descriptor);

  // The receive loop has ended: nothing but our pointer keeps the endpoint alive.
  endpoint.reset();
  EXPECT_TRUE(test::eventually([&] { return weak.expired(); }));
  // And the port is free again.
  EXPECT_TRUE(port_is_free(thread.io, port));
  EXPECT_EQ(handler.close_count(), 1u);
}

TEST(UdpEndpoint, SendsQueuedBeforeCloseStillLeave)
{
  RecordingUdpHandler sender_handler;
  RecordingUdpHandler receiver_handler;
  IoThread thread;
  const auto receiver = UdpEndpoint::open(thread.io, "127.0.0.1", 0, receiver_handler);
  const auto sender = UdpEndpoint::open(thread.io, "127.0.0.1", 0, sender_handler);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(sender->send_to(receiver->local_address(), "last"));
  sender->close();
  EXPECT_TRUE(sender_handler.wait_close());
  EXPECT_TRUE(receiver_handler.wait_datagrams(50));
  EXPECT_EQ(sender->stats().datagrams_out, 50u);
  receiver->close();
}

TEST(UdpEndpoint, ADatagramLargerThanTheBufferIsCountedNotDelivered)
{
  RecordingUdpHandler handler;
  RecordingUdpHandler sender_handler;
  IoThread thread;
  UdpConfig config;
  config.max_datagram = 16;
  const auto receiver = UdpEndpoint::open(thread.io, "127.0.0.1", 0, handler, config);
  const auto sender = UdpEndpoint::open(thread.io, "127.0.0.1", 0, sender_handler);

  ASSERT_TRUE(sender->send_to(receiver->local_address(), std::string(100, 'x')));
  ASSERT_TRUE(sender->send_to(receiver->local_address(), std::string(17, 'y')));
  ASSERT_TRUE(sender->send_to(receiver->local_address(), std::string(16, 'z')));
  const auto got = handler.wait_datagrams(1);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front().bytes, std::string(16, 'z'));
  const UdpStats stats = receiver->stats();
  EXPECT_EQ(stats.oversize, 2u);
  EXPECT_EQ(stats.datagrams_in, 1u);
  EXPECT_EQ(stats.bytes_in, 16u);
  EXPECT_TRUE(receiver->is_open());
  receiver->close();
  sender->close();
}

TEST(UdpEndpoint, SendToFromManyThreadsCountsEveryDatagramOnce)
{
  RecordingUdpHandler receiver_handler;
  RecordingUdpHandler sender_handler;
  IoThread thread;
  UdpConfig config;
  config.send_queue_capacity = 64;
  const auto receiver = UdpEndpoint::open(thread.io, "127.0.0.1", 0, receiver_handler);
  const auto sender = UdpEndpoint::open(thread.io, "127.0.0.1", 0, sender_handler, config);
  constexpr int kThreads = 4;
  constexpr int kEach = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) sender->send_to(receiver->local_address(), "x");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(test::eventually([&] { return sender->queued() == 0; }));
  const UdpStats stats = sender->stats();
  EXPECT_EQ(stats.datagrams_out + stats.send_dropped + stats.send_errors,
            static_cast<std::uint64_t>(kThreads * kEach));
  sender->close();
  receiver->close();
  EXPECT_TRUE(sender_handler.wait_close());
}

TEST(UdpEndpoint, OpeningABusyPortThrowsWithTheSystemsReason)
{
  RecordingUdpHandler handler;
  IoThread thread;
  const auto first = UdpEndpoint::open(thread.io, "127.0.0.1", 0, handler);
  try {
    UdpEndpoint::open(thread.io, "127.0.0.1", first->local_address().port(), handler);
    ADD_FAILURE() << "a second bind on a busy port succeeded";
  } catch (const boost::system::system_error& e) {
    EXPECT_EQ(e.code(), boost::asio::error::address_in_use) << e.what();
  }
  first->close();
  EXPECT_TRUE(handler.wait_close());
}

TEST(UdpEndpoint, AServerRunsEndpointsOnItsIoThreadsAndClosesThemOnStop)
{
  RecordingUdpHandler echo_handler(/*echo=*/true);
  RecordingUdpHandler client_handler;
  IoThread thread;
  ServerConfig config;
  config.io_threads = 2;
  auto server = std::make_unique<Server>(config);
  // The server keeps no strong reference: the endpoint's pending receive does.
  std::weak_ptr<UdpEndpoint> weak = server->open_udp("127.0.0.1", 0, echo_handler);
  const UdpAddress address = weak.lock()->local_address();
  EXPECT_THROW(server->listen("127.0.0.1", 0), std::logic_error);

  const auto client = UdpEndpoint::open(thread.io, "127.0.0.1", 0, client_handler);
  ASSERT_TRUE(client->send_to(address, "via the server"));
  const auto got = client_handler.wait_datagrams(1);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->front().bytes, "via the server");

  server->stop();
  EXPECT_EQ(echo_handler.close_count(), 1u);
  EXPECT_THROW(server->open_udp("127.0.0.1", 0, echo_handler), std::logic_error);
  server.reset();
  EXPECT_TRUE(weak.expired());
  // Closed with the server: the port is free again.
  EXPECT_TRUE(port_is_free(thread.io, address.port()));
  client->close();
}

TEST(UdpEndpoint, ATcpServerAlsoRunsUdpEndpoints)
{
  RecordingUdpHandler echo_handler(/*echo=*/true);
  RecordingUdpHandler client_handler;
  IoThread thread;
  struct Silent : Handler
  {
    void on_frame(const SessionPtr&, ConstBytes) override {}
  } tcp_handler;
  Server server{ServerConfig{}, tcp_handler};
  server.listen("127.0.0.1", 0);
  const auto endpoint = server.open_udp("127.0.0.1", 0, echo_handler);
  const auto client = UdpEndpoint::open(thread.io, "127.0.0.1", 0, client_handler);
  ASSERT_TRUE(client->send_to(endpoint->local_address(), "udp beside tcp"));
  EXPECT_TRUE(client_handler.wait_datagrams(1));
  server.stop();
  EXPECT_FALSE(endpoint->is_open());
  EXPECT_FALSE(endpoint->send_to(loopback_of(endpoint), "after stop"));
  client->close();
}

}  // namespace
}  // namespace udp_endpoint_test
}  // namespace proactor
