// Runs the real proactor-echo-server and proactor-echo-client binaries, as a user or a script
// would: port 0 and the `listening on` line, exit codes, one-line errors, signals.
#include "app_process.hpp"
#include "loopback_client.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace proactor::test {
namespace echo_test {  // a unity build puts several test files in one unit
namespace {

constexpr std::string_view kServer = "proactor-echo-server";
constexpr std::string_view kClient = "proactor-echo-client";

// An echo server started on port 0 with `args`; `port` is 0 if it did not come up.
struct RunningServer : ServerProcess
{
  explicit RunningServer(std::vector<std::string> args = {})
      : ServerProcess(kServer, std::move(args))
  {}
};

std::vector<std::string> client_args(std::uint16_t port, std::vector<std::string> more)
{
  std::vector<std::string> args{"--port", std::to_string(port)};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(EchoServer, AnnouncesTheRealPortAndAnswersOnIt)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  LoopbackClient client(server.port);
  ASSERT_TRUE(client.write_frame("ping"));
  EXPECT_EQ(client.read_frame(), "ping");
  client.close();
  server.stop_and_expect_clean_exit();
}

TEST(EchoClient, LoadModeGetsEveryByteBack)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  const Finished client =
      run_to_exit(kClient, client_args(server.port, {"--count", "200", "--size", "1000"}));
  EXPECT_EQ(client.exit_code, 0) << client.err;
  EXPECT_TRUE(client.out.starts_with("sent=200 received=200 bytes=200000 elapsed_ms="))
      << client.out;
  EXPECT_NE(client.out.find(" msgs_per_sec="), std::string::npos) << client.out;
  EXPECT_EQ(count_lines(client.out), 1u);
  EXPECT_EQ(client.err, "");
  server.stop_and_expect_clean_exit();
}

TEST(EchoClient, LoadModeSpreadsFramesOverConnections)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  const Finished client = run_to_exit(
      kClient, client_args(server.port, {"--count", "301", "--size", "100", "--connections", "4"}));
  EXPECT_EQ(client.exit_code, 0) << client.err;
  EXPECT_TRUE(client.out.starts_with("sent=301 received=301 bytes=30100 ")) << client.out;
  server.stop_and_expect_clean_exit();
}

// More bytes than the session's write watermarks: a client that queued them all at once
// would stop reading (not writable) while the server stops reading too (its echoes queue up).
TEST(EchoClient, LoadModeMovesMoreThanTheWatermarksWithoutStalling)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  const Finished client =
      run_to_exit(kClient, client_args(server.port, {"--count", "40", "--size", "900K"}));
  EXPECT_EQ(client.exit_code, 0) << client.err;
  EXPECT_TRUE(client.out.starts_with("sent=40 received=40 bytes=36864000 ")) << client.out;
  server.stop_and_expect_clean_exit();
}

// The threading models of DESIGN.md, one program: inline, one logic thread, a pool of each.
class EchoThreading : public ::testing::TestWithParam<std::vector<std::string>>
{};

TEST_P(EchoThreading, EchoesEveryFrameInOrder)
{
  RunningServer server(GetParam());
  ASSERT_NE(server.port, 0);
  const Finished client = run_to_exit(
      kClient, client_args(server.port, {"--count", "600", "--size", "64", "--connections", "3"}));
  EXPECT_EQ(client.exit_code, 0) << client.err;
  EXPECT_TRUE(client.out.starts_with("sent=600 received=600 ")) << client.out;
  server.stop_and_expect_clean_exit();
}

INSTANTIATE_TEST_SUITE_P(
    Modes, EchoThreading,
    ::testing::Values(std::vector<std::string>{"--threads", "1"},
                      std::vector<std::string>{"--threads", "1", "--logic-threads", "1"},
                      std::vector<std::string>{"--threads", "2", "--logic-threads", "2"}));

// Every framing, with the client speaking the same one.
class EchoFraming : public ::testing::TestWithParam<std::string>
{};

TEST_P(EchoFraming, LoadModeRoundTrips)
{
  RunningServer server({"--framing", GetParam()});
  ASSERT_NE(server.port, 0);
  const Finished client =
      run_to_exit(kClient, client_args(server.port, {"--framing", GetParam(), "--count", "100"}));
  EXPECT_EQ(client.exit_code, 0) << client.err;
  EXPECT_TRUE(client.out.starts_with("sent=100 received=100 ")) << client.out;
  server.stop_and_expect_clean_exit();
}

INSTANTIATE_TEST_SUITE_P(Codecs, EchoFraming,
                         ::testing::Values("u32", "u16", "line", "crlf", "fixed:16"),
                         [](const auto& test) {
                           std::string name = test.param;
                           std::replace(name.begin(), name.end(), ':', '_');
                           return name;
                         });

TEST(EchoClient, InteractiveModeEchoesEachStdinLine)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  ChildProcess client;
  client.start(bin_path(kClient), client_args(server.port, {}));
  client.write_stdin("hello\nworld\n");
  EXPECT_EQ(client.read_line(kDeadline), "hello");
  EXPECT_EQ(client.read_line(kDeadline), "world");
  // An empty line is an empty frame; a last line without '\n' is still sent.
  client.write_stdin("\nlast");
  client.close_stdin();
  EXPECT_EQ(client.read_line(kDeadline), "");
  EXPECT_EQ(client.read_line(kDeadline), "last");
  EXPECT_EQ(client.wait_exit(kDeadline), 0) << client.read_all_stderr(kDeadline);
  EXPECT_EQ(client.read_line(kDeadline), std::nullopt);
  server.stop_and_expect_clean_exit();
}

TEST(EchoClient, InteractiveModeReportsAServerThatStops)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  ChildProcess client;
  client.start(bin_path(kClient), client_args(server.port, {}));
  client.write_stdin("ping\n");
  ASSERT_EQ(client.read_line(kDeadline), "ping");

  server.stop_and_expect_clean_exit();
  // The client is still waiting for stdin, yet notices at once.
  EXPECT_EQ(client.wait_exit(kDeadline), 1);
  const std::string err = client.read_all_stderr(kDeadline);
  EXPECT_EQ(count_lines(err), 1u) << err;
  EXPECT_TRUE(err.starts_with("proactor-echo-client: connection to 127.0.0.1:")) << err;
}

TEST(EchoServer, HelpPrintsUsageAndExitsZero)
{
  const Finished server = run_to_exit(kServer, {"--help"});
  EXPECT_EQ(server.exit_code, 0);
  EXPECT_TRUE(server.out.starts_with("usage: proactor-echo-server [flags]")) << server.out;
  for (const char* flag : {"--host", "--port", "--threads", "--logic-threads", "--max-frame",
                           "--idle-timeout", "--max-connections", "--framing", "--help"})
    EXPECT_NE(server.out.find(flag), std::string::npos) << flag;
  EXPECT_EQ(server.err, "");
}

TEST(EchoClient, HelpPrintsUsageAndExitsZero)
{
  const Finished client = run_to_exit(kClient, {"--help"});
  EXPECT_EQ(client.exit_code, 0);
  EXPECT_TRUE(client.out.starts_with("usage: proactor-echo-client [flags]")) << client.out;
  EXPECT_NE(client.out.find("--count"), std::string::npos);
  EXPECT_EQ(client.err, "");
}

TEST(EchoServer, UnknownFlagExitsTwoWithOneLine)
{
  const Finished server = run_to_exit(kServer, {"--bogus"});
  EXPECT_EQ(server.exit_code, 2);
  EXPECT_EQ(server.err, "proactor-echo-server: unknown flag '--bogus' (try --help)\n");
  EXPECT_EQ(server.out, "");
}

TEST(EchoServer, BadValuesExitTwoWithOneLine)
{
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--port", "70000"},
                                               {"--port"},
                                               {"--threads", "two"},
                                               {"--framing", "xml"},
                                               {"--idle-timeout", "soon"},
                                               {"--max-frame", "0"}}) {
    const Finished server = run_to_exit(kServer, args);
    EXPECT_EQ(server.exit_code, 2) << args.front();
    EXPECT_EQ(count_lines(server.err), 1u) << server.err;
    EXPECT_TRUE(server.err.starts_with("proactor-echo-server: ")) << server.err;
    EXPECT_EQ(server.out, "");
  }
}

TEST(EchoClient, BadFlagsExitTwoWithOneLine)
{
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--bogus"},
        {"--count", "5"},
        {"--port", "abc"},
        {"--port", "1", "--size", "10"},
        {"--port", "1", "--count", "1", "--framing", "fixed:8", "--size", "9"}}) {
    const Finished client = run_to_exit(kClient, args);
    EXPECT_EQ(client.exit_code, 2) << args.front();
    EXPECT_EQ(count_lines(client.err), 1u) << client.err;
    EXPECT_TRUE(client.err.starts_with("proactor-echo-client: ")) << client.err;
  }
  EXPECT_EQ(run_to_exit(kClient, {"--port", "abc"}).err,
            "proactor-echo-client: invalid value 'abc' for '--port': expected a port number "
            "(try --help)\n");
}

TEST(EchoServer, BusyPortExitsOneWithOneLine)
{
  RunningServer first;
  ASSERT_NE(first.port, 0);
  const std::string port = std::to_string(first.port);
  const Finished second = run_to_exit(kServer, {"--port", port});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_EQ(second.err, "proactor-echo-server: cannot listen on 127.0.0.1:" + port +
                            ": " + address_in_use_text() + "\n");
  EXPECT_EQ(second.out, "");
  first.stop_and_expect_clean_exit();
}

class EchoServerSignal : public ::testing::TestWithParam<int>
{};

TEST_P(EchoServerSignal, StopsGracefullyAndExitsZero)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  {
    LoopbackClient client(server.port);
    ASSERT_TRUE(client.write_frame("before stop"));
    ASSERT_EQ(client.read_frame(), "before stop");
  }
  server.process.send_signal(GetParam());
  EXPECT_EQ(server.process.wait_exit(kDeadline), 0);
  const std::string err = server.process.read_all_stderr(kDeadline);
  EXPECT_EQ(count_lines(err), 1u) << err;
  EXPECT_TRUE(err.starts_with("proactor-echo-server: stopped: accepted=1 ")) << err;
}

INSTANTIATE_TEST_SUITE_P(Signals, EchoServerSignal, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& test) {
                           return test.param == SIGINT ? "SIGINT" : "SIGTERM";
                         });

TEST(EchoServer, SignalRightAfterTheAnnouncementStillStopsCleanly)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  server.process.send_signal(SIGINT);
  EXPECT_EQ(server.process.wait_exit(kDeadline), 0);
}

TEST(EchoClient, NothingListeningExitsOneWithOneLine)
{
  const std::string port = std::to_string(unused_port());
  const std::string expected =
      "proactor-echo-client: cannot connect to 127.0.0.1:" + port + ": Connection refused\n";

  const Finished load = run_to_exit(kClient, {"--port", port, "--count", "10"});
  EXPECT_EQ(load.exit_code, 1);
  EXPECT_EQ(load.err, expected);

  const Finished interactive = run_to_exit(kClient, {"--port", port});
  EXPECT_EQ(interactive.exit_code, 1);
  EXPECT_EQ(interactive.err, expected);
}

TEST(EchoServer, LineFramingAnswersAPlainSocket)
{
  RunningServer server({"--framing", "line"});
  ASSERT_NE(server.port, 0);
  LoopbackClient client(server.port);
  ASSERT_TRUE(client.write("hello\n"));
  EXPECT_EQ(client.read_exact(6), "hello\n");
  client.close();
  server.stop_and_expect_clean_exit();
}

TEST(EchoServer, IdleTimeoutFlagClosesSilentConnections)
{
  RunningServer server({"--idle-timeout", "200ms"});
  ASSERT_NE(server.port, 0);
  LoopbackClient client(server.port);
  EXPECT_EQ(client.expect_closed(kDeadline), Ending::eof);
  client.close();
  server.stop_and_expect_clean_exit();
}

TEST(EchoServer, MaxFrameFlagClosesOnLargerFrames)
{
  RunningServer server({"--max-frame", "16"});
  ASSERT_NE(server.port, 0);
  LoopbackClient client(server.port);
  ASSERT_TRUE(client.write_frame(std::string(16, 'a')));
  EXPECT_EQ(client.read_frame(), std::string(16, 'a'));
  ASSERT_TRUE(client.write_frame(std::string(17, 'b')));
  EXPECT_NE(client.expect_closed(kDeadline), Ending::timeout);
  client.close();
  server.stop_and_expect_clean_exit();
}

TEST(EchoServer, MaxConnectionsFlagRefusesTheExtraConnection)
{
  RunningServer server({"--max-connections", "1"});
  ASSERT_NE(server.port, 0);
  LoopbackClient first(server.port);
  ASSERT_TRUE(first.write_frame("one"));
  ASSERT_EQ(first.read_frame(), "one");
  LoopbackClient second(server.port);
  EXPECT_NE(second.expect_closed(kDeadline), Ending::timeout);
  first.close();
  second.close();
  server.stop_and_expect_clean_exit();
}

}  // namespace
}  // namespace echo_test
}  // namespace proactor::test
