// UdpOptions set through UdpEndpoint::open, read back from the kernel; broadcast and multicast
// exercised over the loopback interface.
//
// What this machine's `lo` allows (Linux, no privileges needed): it has no MULTICAST flag, yet
// IPv4 multicast works when the group is joined on interface 127.0.0.1 and sent with
// IP_MULTICAST_IF 127.0.0.1; broadcast works to 127.255.255.255 (lo's broadcast route) with
// SO_BROADCAST, received by a socket bound to 0.0.0.0. IPv6 multicast needs the MULTICAST flag
// (setting it takes CAP_NET_ADMIN), so that test skips with the reason where it is missing.
#include "eventually.hpp"
#include "loopback_client.hpp"
#include "recording_udp_handler.hpp"
#include "socket_probe.hpp"
#include <proactor/net/udp_options.hpp>
#include <proactor/session/udp_endpoint.hpp>

#include <boost/asio/error.hpp>
#include <boost/system/errc.hpp>

#include <gtest/gtest.h>

#include <string>

namespace proactor {
namespace udp_options_test {  // a unity build puts several test files in one unit
namespace {

using test::IoThread;
using test::RecordingUdpHandler;

constexpr const char* kGroup = "239.255.0.1";
constexpr const char* kLoopbackBroadcast = "127.255.255.255";

using test::read_int_option;

TEST(UdpOptions, DefaultsLeaveTheSystemAloneAndThePortExclusive)
{
  const UdpOptions options;
  EXPECT_FALSE(options.reuse_address);
  EXPECT_FALSE(options.reuse_port);
  EXPECT_FALSE(options.broadcast);
  EXPECT_FALSE(options.receive_buffer);
  EXPECT_FALSE(options.send_buffer);
  EXPECT_FALSE(options.multicast_ttl);
  EXPECT_FALSE(options.multicast_loopback);
  EXPECT_TRUE(options.multicast_interface.empty());

  RecordingUdpHandler handler;
  IoThread thread;
  const auto endpoint = UdpEndpoint::open(thread.io, "127.0.0.1", 0, handler);
  EXPECT_EQ(read_int_option(endpoint->native_handle(), SOL_SOCKET, SO_REUSEADDR), 0);
  EXPECT_EQ(read_int_option(endpoint->native_handle(), SOL_SOCKET, SO_BROADCAST), 0);
  // Only the groups this socket joins, not every group a program on the host joined.
  if (test::kHasMulticastAll) {
    EXPECT_EQ(read_int_option(endpoint->native_handle(), IPPROTO_IP, IP_MULTICAST_ALL), 0);
  }
  endpoint->close();
}

TEST(UdpOptions, Ipv4OptionsAreReadableBackWithGetsockopt)
{
  RecordingUdpHandler handler;
  IoThread thread;
  UdpConfig config;
  config.socket.reuse_address = true;
  config.socket.reuse_port = test::kHasReusePort;  // refused where there is none
  config.socket.broadcast = true;
  config.socket.receive_buffer = 256 * 1024;
  config.socket.send_buffer = 128 * 1024;
  config.socket.multicast_ttl = 3;
  config.socket.multicast_loopback = false;
  config.socket.multicast_interface = "127.0.0.1";
  const auto endpoint = UdpEndpoint::open(thread.io, "0.0.0.0", 0, handler, config);
  const NativeSocket fd = endpoint->native_handle();

  EXPECT_EQ(read_int_option(fd, SOL_SOCKET, SO_REUSEADDR), 1);
  if (test::kHasReusePort) {
    EXPECT_EQ(read_int_option(fd, SOL_SOCKET, SO_REUSEPORT), 1);
  }
  EXPECT_EQ(read_int_option(fd, SOL_SOCKET, SO_BROADCAST), 1);
  EXPECT_GE(read_int_option(fd, SOL_SOCKET, SO_RCVBUF), 256 * 1024);
  EXPECT_GE(read_int_option(fd, SOL_SOCKET, SO_SNDBUF), 128 * 1024);
  EXPECT_EQ(read_int_option(fd, IPPROTO_IP, IP_MULTICAST_TTL), 3);
  EXPECT_EQ(read_int_option(fd, IPPROTO_IP, IP_MULTICAST_LOOP), 0);
  in_addr interface {};
  ASSERT_TRUE(test::read_option(fd, IPPROTO_IP, IP_MULTICAST_IF, &interface, sizeof interface));
  EXPECT_EQ(interface.s_addr, htonl(INADDR_LOOPBACK));
  endpoint->close();
}

TEST(UdpOptions, Ipv6MulticastOptionsAreReadableBackWithGetsockopt)
{
  RecordingUdpHandler handler;
  IoThread thread;
  UdpConfig config;
  config.socket.multicast_ttl = 5;
  config.socket.multicast_loopback = true;
  config.socket.multicast_interface = "lo";
  UdpEndpointPtr endpoint;
  try {
    endpoint = UdpEndpoint::open(thread.io, "::1", 0, handler, config);
  } catch (const boost::system::system_error& e) {
    GTEST_SKIP() << "no IPv6 loopback here: " << e.code().message();
  }
  const NativeSocket fd = endpoint->native_handle();
  EXPECT_EQ(read_int_option(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS), 5);
  EXPECT_EQ(read_int_option(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP), 1);
  EXPECT_EQ(static_cast<unsigned>(read_int_option(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF)),
            test::interface_index("lo"));
  endpoint->close();
}

TEST(UdpOptions, BadValuesFailTheOpenWithInvalidArgument)
{
  RecordingUdpHandler handler;
  IoThread thread;
  const auto open_fails_with = [&](UdpConfig config) {
    try {
      UdpEndpoint::open(thread.io, "127.0.0.1", 0, handler, config)->close();
    } catch (const boost::system::system_error& e) {
      return e.code();
    }
    return boost::system::error_code{};
  };
  const auto invalid = boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
  UdpConfig ttl;
  ttl.socket.multicast_ttl = 256;
  EXPECT_EQ(open_fails_with(ttl), invalid);
  UdpConfig interface;
  interface.socket.multicast_interface = "not-an-address";
  EXPECT_EQ(open_fails_with(interface), invalid);
}

TEST(UdpOptions, JoiningWhatIsNotAMulticastGroupIsInvalid)
{
  RecordingUdpHandler handler;
  IoThread thread;
  const auto endpoint = UdpEndpoint::open(thread.io, "0.0.0.0", 0, handler);
  const auto invalid = boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
  EXPECT_EQ(endpoint->join_group("127.0.0.1", "127.0.0.1"), invalid);
  EXPECT_EQ(endpoint->join_group("ff01::1", ""), invalid);  // an IPv6 group on an IPv4 socket
  EXPECT_EQ(endpoint->join_group(kGroup, "nonsense"), invalid);
  endpoint->close();
}

TEST(UdpBroadcast, ReachesTheLoopbackBroadcastAddressOnlyWithSoBroadcast)
{
  RecordingUdpHandler receiver_handler;
  RecordingUdpHandler plain_handler;
  RecordingUdpHandler broadcaster_handler;
  IoThread thread;
  // Broadcasts are delivered to sockets bound to the wildcard, not to 127.0.0.1.
  const auto receiver = UdpEndpoint::open(thread.io, "0.0.0.0", 0, receiver_handler);
  const auto target = UdpAddress::resolve(kLoopbackBroadcast, receiver->local_address().port());

  const auto plain = UdpEndpoint::open(thread.io, "127.0.0.1", 0, plain_handler);
  ASSERT_TRUE(plain->send_to(target, "not allowed"));
  const auto refused = plain_handler.wait_error();
  ASSERT_TRUE(refused) << "the send neither failed nor was reported";
  if (*refused != boost::asio::error::access_denied)
    GTEST_SKIP() << kLoopbackBroadcast << " is not a broadcast address here: the send without "
                 << "SO_BROADCAST got '" << refused->message() << "'";
  EXPECT_EQ(plain->stats().send_errors, 1u);

  UdpConfig config;
  config.socket.broadcast = true;
  const auto broadcaster =
      UdpEndpoint::open(thread.io, "127.0.0.1", 0, broadcaster_handler, config);
  ASSERT_TRUE(broadcaster->send_to(target, "to everyone on lo"));
  const auto got = receiver_handler.wait_datagrams(1);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->front().bytes, "to everyone on lo");
  EXPECT_EQ(got->front().from, broadcaster->local_address());
  EXPECT_EQ(broadcaster->stats().send_errors, 0u);
  for (const auto& endpoint : {receiver, plain, broadcaster}) endpoint->close();
}

TEST(UdpMulticast, Ipv4GroupJoinedOnTheLoopbackInterfaceReceivesUntilLeft)
{
  RecordingUdpHandler receiver_handler;
  RecordingUdpHandler sender_handler;
  IoThread thread;
  UdpConfig receiver_config;
  receiver_config.socket.reuse_address = true;  // as several receivers on one host need
  const auto receiver =
      UdpEndpoint::open(thread.io, "0.0.0.0", 0, receiver_handler, receiver_config);
  if (const auto ec = receiver->join_group(kGroup, "127.0.0.1"))
    GTEST_SKIP() << "cannot join " << kGroup << " on 127.0.0.1: " << ec.message();

  UdpConfig sender_config;
  sender_config.socket.multicast_interface = "127.0.0.1";
  sender_config.socket.multicast_loopback = true;
  sender_config.socket.multicast_ttl = 1;
  const auto sender = UdpEndpoint::open(thread.io, "127.0.0.1", 0, sender_handler, sender_config);
  const auto group = UdpAddress::resolve(kGroup, receiver->local_address().port());
  ASSERT_TRUE(sender->send_to(group, "to the group"));
  const auto got = receiver_handler.wait_datagrams(1);
  ASSERT_TRUE(got) << "nothing arrived; sender errors: " << sender->stats().send_errors;
  EXPECT_EQ(got->front().bytes, "to the group");

  // After leaving, a datagram to the group no longer arrives, even while other programs on the
  // host (the app tests, run in parallel) are members of the group: the unicast marker sent
  // after it takes the same loopback path and arrives in order, so it is what comes next.
  ASSERT_FALSE(receiver->leave_group(kGroup, "127.0.0.1"));
  ASSERT_TRUE(sender->send_to(group, "after leaving"));
  ASSERT_TRUE(sender->send_to(UdpAddress::resolve("127.0.0.1", group.port()), "marker"));
  const auto after = receiver_handler.wait_datagrams(2);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->at(1).bytes, "marker");
  // Leaving a group not joined is the system's error, reported as such.
  EXPECT_TRUE(receiver->leave_group(kGroup, "127.0.0.1"));
  receiver->close();
  sender->close();
}

TEST(UdpMulticast, Ipv6GroupOnTheLoopbackInterface)
{
  RecordingUdpHandler receiver_handler;
  RecordingUdpHandler sender_handler;
  IoThread thread;
  UdpConfig receiver_config;
  receiver_config.socket.reuse_address = true;
  UdpEndpointPtr receiver;
  try {
    receiver = UdpEndpoint::open(thread.io, "::", 0, receiver_handler, receiver_config);
  } catch (const boost::system::system_error& e) {
    GTEST_SKIP() << "no IPv6 here: " << e.code().message();
  }
  constexpr const char* kGroup6 = "ff01::4242";  // interface-local: this host only
  if (const auto ec = receiver->join_group(kGroup6, "lo"))
    GTEST_SKIP() << "cannot join " << kGroup6 << " on lo: " << ec.message();
  UdpConfig sender_config;
  sender_config.socket.multicast_interface = "lo";
  sender_config.socket.multicast_loopback = true;
  const auto sender = UdpEndpoint::open(thread.io, "::1", 0, sender_handler, sender_config);
  ASSERT_TRUE(sender->send_to(UdpAddress::resolve(kGroup6, receiver->local_address().port()),
                              "to the v6 group"));
  ASSERT_TRUE(test::eventually(
      [&] { return !receiver_handler.received().empty() || sender->stats().send_errors > 0; }));
  if (sender->stats().send_errors > 0) {
    const auto error = sender_handler.wait_error();
    GTEST_SKIP() << "IPv6 multicast cannot leave by lo here ("
                 << (error ? error->message() : "unknown error")
                 << "): lo lacks the MULTICAST flag, and setting it needs CAP_NET_ADMIN";
  }
  EXPECT_EQ(receiver_handler.received().front().bytes, "to the v6 group");
  receiver->close();
  sender->close();
}

}  // namespace
}  // namespace udp_options_test
}  // namespace proactor
