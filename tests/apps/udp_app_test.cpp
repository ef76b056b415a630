// Runs the real UDP programs as a user or a script would: the echo server and client, the
// broadcast pair over the loopback broadcast address 127.255.255.255, and the multicast pair
// over group 239.255.0.1 joined and sent on interface 127.0.0.1 (which works although `lo`
// has no MULTICAST flag; see tests/session/udp_options_test.cpp).
#include "app_process.hpp"
#include "loopback_client.hpp"
#include "process.hpp"
#include "recording_udp_handler.hpp"
#include <proactor/session/udp_endpoint.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proactor::test {
namespace udp_app_test {  // a unity build puts several test files in one unit
namespace {

constexpr std::string_view kServer = "proactor-udp-echo-server";
constexpr std::string_view kClient = "proactor-udp-echo-client";

// Reads the program's ready line, `PREFIX HOST:PORT`, and returns the port; 0 (after a test
// failure) if the line is missing or malformed.
std::uint16_t wait_for_port(ChildProcess& program, std::string_view prefix)
{
  const auto line = program.read_line(kDeadline);
  if (!line || !line->starts_with(prefix)) {
    ADD_FAILURE() << "expected '" << prefix << "...:PORT', got '" << line.value_or("<nothing>")
                  << "'";
    return 0;
  }
  const std::string digits = line->substr(line->rfind(':') + 1);
  const bool numeric = !digits.empty() && digits.size() <= 5 &&
                       digits.find_first_not_of("0123456789") == std::string::npos;
  const unsigned long port = numeric ? std::stoul(digits) : 0;
  if (port == 0 || port > 65535) ADD_FAILURE() << "no port in '" << *line << "'";
  return port > 65535 ? 0 : static_cast<std::uint16_t>(port);
}

TEST(UdpEchoApp, EveryDatagramIsAnsweredAndTheClientExitsZero)
{
  ServerProcess server(kServer);
  ASSERT_NE(server.port, 0);
  // A generous timeout: on a loaded machine (or under a sanitizer) an answer may be slow, but
  // on loopback, with the window bounding what is in flight, it is never lost.
  const Finished client = run_to_exit(kClient, {"--port", std::to_string(server.port), "--count",
                                                "2000", "--size", "200", "--timeout", "5s"});
  EXPECT_EQ(client.exit_code, 0) << client.out << client.err;
  EXPECT_TRUE(client.out.starts_with("sent 2000 answered 2000 lost 0\nlate 0 duplicate 0 "))
      << client.out;
  EXPECT_EQ(count_lines(client.out), 2u);
  EXPECT_EQ(client.err, "");
  server.stop_and_expect_clean_exit();
}

TEST(UdpEchoApp, NothingAnsweringCountsEveryDatagramLostAndExitsOneInBoundedTime)
{
  // A bound socket that never answers: the datagrams are taken and ignored.
  RecordingUdpHandler silent;
  IoThread thread;
  const auto sink = UdpEndpoint::open(thread.io, "127.0.0.1", 0, silent);
  const auto start = std::chrono::steady_clock::now();
  const Finished client =
      run_to_exit(kClient, {"--port", std::to_string(sink->local_address().port()), "--count", "20",
                            "--window", "8", "--timeout", "100ms"});
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(client.exit_code, 1) << client.err;
  EXPECT_TRUE(client.out.starts_with("sent 20 answered 0 lost 20\n")) << client.out;
  // Three windows of at most 8 datagrams, each given 100ms: well under a second.
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_TRUE(silent.wait_datagrams(20));
  sink->close();
}

TEST(UdpEchoApp, ServerStopsCleanlyOnSigintAndSigterm)
{
  for (const int signal : {SIGINT, SIGTERM}) {
    ServerProcess server(kServer);
    ASSERT_NE(server.port, 0);
    server.process.send_signal(signal);
    EXPECT_EQ(server.process.wait_exit(kDeadline), 0) << signal;
    const std::string err = server.process.read_all_stderr(kDeadline);
    EXPECT_TRUE(err.starts_with("proactor-udp-echo-server: stopped: datagrams_in=0")) << err;
  }
}

TEST(UdpEchoApp, APortInUseIsOneLineAndExitOne)
{
  ServerProcess first(kServer);
  ASSERT_NE(first.port, 0);
  const auto run = run_to_exit(kServer, {"--port", std::to_string(first.port)});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "proactor-udp-echo-server: cannot listen on 127.0.0.1:" +
                         std::to_string(first.port) + ": " + address_in_use_text() + "\n");
  EXPECT_EQ(run.out, "");
  first.stop_and_expect_clean_exit();
}

TEST(UdpEchoApp, BadCommandLinesAreOneLineAndExitTwo)
{
  const std::vector<std::pair<std::string_view, std::vector<std::string>>> runs{
      {kServer, {"--bogus"}},
      {kServer, {"--max-datagram", "0"}},
      {kServer, {"--rcvbuf", "lots"}},
      {kClient, {"--count", "3"}},  // no --port
      {kClient, {"--port", "9", "--size", "11"}},
      {kClient, {"--port", "9", "--window", "0"}},
      {kClient, {"--port", "9", "--timeout", "0"}},
      {"proactor-udp-broadcast-sender", {"--count", "1"}},
      {"proactor-udp-multicast-sender", {"--port", "9", "--loopback", "maybe"}},
      {"proactor-udp-multicast-sender", {"--port", "9", "--ttl", "256"}},
      {"proactor-udp-multicast-receiver", {"--timeout", "soon"}},
      {"proactor-udp-multicast-receiver", {"--group", "10.0.0.1"}},
      {"proactor-udp-multicast-sender", {"--port", "9", "--group", "localhost"}},
      {"proactor-udp-broadcast-receiver", {"--count", "-1"}}};
  for (const auto& [program, args] : runs) {
    const Finished run = run_to_exit(program, args);
    EXPECT_EQ(run.exit_code, 2) << program << ' ' << args.back();
    EXPECT_EQ(count_lines(run.err), 1u) << run.err;
    EXPECT_TRUE(run.err.starts_with(std::string(program) + ": ")) << run.err;
    EXPECT_EQ(run.out, "");
  }
}

TEST(UdpBroadcastApp, TheReceiverPrintsWhatTheSenderBroadcastsOnLoopback)
{
  ChildProcess receiver;
  receiver.start(bin_path("proactor-udp-broadcast-receiver"), {"--count", "3", "--timeout", "10s"});
  const auto port = wait_for_port(receiver, "listening on 0.0.0.0:");
  ASSERT_NE(port, 0);
  const Finished sender = run_to_exit(
      "proactor-udp-broadcast-sender",
      {"--port", std::to_string(port), "--count", "3", "--interval", "0", "--message", "hi"});
  if (sender.exit_code == 1 && sender.err.find("cannot send") != std::string::npos)
    GTEST_SKIP() << "this machine refuses the loopback broadcast: " << sender.err;
  EXPECT_EQ(sender.exit_code, 0) << sender.err;
  EXPECT_EQ(sender.out, "sent 3 to 127.255.255.255:" + std::to_string(port) + "\n");
  for (int i = 0; i < 3; ++i) {
    const auto line = receiver.read_line(kDeadline);
    ASSERT_TRUE(line) << "datagram " << i << " not printed";
    EXPECT_TRUE(line->starts_with("127.0.0.1:")) << *line;
    EXPECT_TRUE(line->ends_with(" hi")) << *line;
  }
  EXPECT_EQ(receiver.wait_exit(kDeadline), 0);
}

TEST(UdpBroadcastApp, TheReceiverGivesUpAfterItsTimeoutWithOneLine)
{
  const Finished receiver =
      run_to_exit("proactor-udp-broadcast-receiver", {"--count", "2", "--timeout", "100ms"});
  EXPECT_EQ(receiver.exit_code, 1);
  EXPECT_EQ(receiver.err,
            "proactor-udp-broadcast-receiver: received 0 of 2 datagrams within 100ms\n");
}

TEST(UdpMulticastApp, TheReceiverJoinsGetsTheGroupsDatagramsAndLeaves)
{
  ChildProcess receiver;
  receiver.start(bin_path("proactor-udp-multicast-receiver"),
                 {"--group", "239.255.0.1", "--count", "2", "--timeout", "10s"});
  const auto port = wait_for_port(receiver, "joined 239.255.0.1 on 0.0.0.0:");
  ASSERT_NE(port, 0) << receiver.read_all_stderr(kDeadline);
  const Finished sender = run_to_exit(
      "proactor-udp-multicast-sender",
      {"--group", "239.255.0.1", "--port", std::to_string(port), "--ttl", "0", "--loopback", "on",
       "--count", "2", "--interval", "0", "--message", "to the group"});
  EXPECT_EQ(sender.exit_code, 0) << sender.err;
  EXPECT_EQ(sender.out, "sent 2 to 239.255.0.1:" + std::to_string(port) + "\n");
  for (int i = 0; i < 2; ++i) {
    const auto line = receiver.read_line(kDeadline);
    ASSERT_TRUE(line) << "datagram " << i << " not printed";
    EXPECT_TRUE(line->ends_with(" to the group")) << *line;
  }
  EXPECT_EQ(receiver.read_line(kDeadline), "left 239.255.0.1");
  EXPECT_EQ(receiver.wait_exit(kDeadline), 0);
}

TEST(UdpMulticastApp, TheReceiverLeavesAndExitsZeroOnSigterm)
{
  ChildProcess receiver;
  receiver.start(bin_path("proactor-udp-multicast-receiver"), {});
  ASSERT_NE(wait_for_port(receiver, "joined 239.255.0.1 on 0.0.0.0:"), 0);
  receiver.send_signal(SIGTERM);
  EXPECT_EQ(receiver.read_line(kDeadline), "left 239.255.0.1");
  EXPECT_EQ(receiver.wait_exit(kDeadline), 0);
}

TEST(UdpMulticastApp, AGroupThatCannotBeJoinedIsOneLineAndExitOne)
{
  const Finished receiver =
      run_to_exit("proactor-udp-multicast-receiver", {"--interface", "203.0.113.7"});
  EXPECT_EQ(receiver.exit_code, 1);
  EXPECT_TRUE(
      receiver.err.starts_with("proactor-udp-multicast-receiver: cannot join 239.255.0.1: "))
      << receiver.err;
  EXPECT_EQ(count_lines(receiver.err), 1u) << receiver.err;
  EXPECT_EQ(receiver.out, "");
}

}  // namespace
}  // namespace udp_app_test
}  // namespace proactor::test
