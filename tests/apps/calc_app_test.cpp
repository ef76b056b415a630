// Runs the real proactor-calc-server and proactor-calc-client binaries, as a user or a script
// would: port 0 and the `listening on` line, argument and stdin modes, exit codes.
#include "app_process.hpp"
#include "loopback_client.hpp"
#include "process.hpp"
#include "socket_probe.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace proactor::test {
namespace calc_app_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::string_literals;

constexpr std::string_view kServer = "proactor-calc-server";
constexpr std::string_view kClient = "proactor-calc-client";

std::vector<std::string> client_args(std::uint16_t port, std::vector<std::string> more)
{
  std::vector<std::string> args{"--port", std::to_string(port)};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(CalcServerApp, AnnouncesTheRealPortAndAnswersOnIt)
{
  ServerProcess server(kServer);
  ASSERT_NE(server.port, 0);
  LoopbackClient client(server.port);
  ASSERT_TRUE(client.write("\x00\x00\x00\x09\x2B\x00\x00\x00\x03\x00\x00\x00\x04"s));
  EXPECT_EQ(client.read_exact(13), "\x00\x00\x00\x09\x00\x00\x00\x00\x00\x00\x00\x00\x07"s);
  client.close();
  server.stop_and_expect_clean_exit();
}

TEST(CalcServerApp, AcceptsTheCommonServerFlags)
{
  std::vector<std::string> flags{"--threads", "2",   "--logic-threads", "1", "--no-delay", "off",
                                 "--rcvbuf",  "64K", "--sndbuf",        "64K"};
  // The flags a platform refuses (socket_probe.hpp) are left out there.
  if (keep_alive_timings_unsupported().empty()) flags.insert(flags.end(), {"--keepalive", "30"});
  if (kHasReusePort) flags.push_back("--reuse-port");
  ServerProcess server(kServer, flags);
  ASSERT_NE(server.port, 0);
  const Finished client = run_to_exit(kClient, client_args(server.port, {"6", "*", "7"}));
  EXPECT_EQ(client.exit_code, 0) << client.err;
  EXPECT_EQ(client.out, "42\n");
  server.stop_and_expect_clean_exit();
}

TEST(CalcServerApp, BadFlagsExitTwoWithOneLine)
{
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--bogus"},
                                               {"--port", "x"},
                                               {"--no-delay", "maybe"},
                                               {"--keepalive", "-1"},
                                               {"--keepalive", "40000"},
                                               {"--rcvbuf", "0"},
                                               {"--sndbuf", "lots"}}) {
    const Finished server = run_to_exit(kServer, args);
    EXPECT_EQ(server.exit_code, 2) << args.front();
    EXPECT_EQ(count_lines(server.err), 1u) << server.err;
    EXPECT_TRUE(server.err.starts_with("proactor-calc-server: ")) << server.err;
    EXPECT_EQ(server.out, "");
  }
}

TEST(CalcClientApp, ArgumentModePrintsTheResult)
{
  ServerProcess server(kServer);
  ASSERT_NE(server.port, 0);
  for (const auto& [expression, expected] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"3", "+", "4"}, "7\n"},
           {{"3", "-", "4"}, "-1\n"},
           {{"2147483647", "*", "2147483647"}, "4611686014132420609\n"},
           {{"7 / 2"}, "3\n"},
           {{"--", "-2147483648", "/", "-1"}, "2147483648\n"}}) {
    const Finished client = run_to_exit(kClient, client_args(server.port, expression));
    EXPECT_EQ(client.exit_code, 0) << client.err;
    EXPECT_EQ(client.out, expected);
    EXPECT_EQ(client.err, "");
  }
  server.stop_and_expect_clean_exit();
}

TEST(CalcClientApp, ArgumentModeErrorStatusPrintsTheErrorAndExitsOne)
{
  ServerProcess server(kServer);
  ASSERT_NE(server.port, 0);
  const Finished divide = run_to_exit(kClient, client_args(server.port, {"10", "/", "0"}));
  EXPECT_EQ(divide.exit_code, 1);
  EXPECT_EQ(divide.out, "error: division by zero\n");
  const Finished unknown = run_to_exit(kClient, client_args(server.port, {"10", "%", "3"}));
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_EQ(unknown.out, "error: unknown op\n");
  server.stop_and_expect_clean_exit();
}

TEST(CalcClientApp, StdinModePrintsOneLinePerExpression)
{
  ServerProcess server(kServer);
  ASSERT_NE(server.port, 0);
  ChildProcess client;
  client.start(bin_path(kClient), client_args(server.port, {}));
  client.write_stdin("3 + 4\n10 / 0\n");
  EXPECT_EQ(client.read_line(kDeadline), "7");
  EXPECT_EQ(client.read_line(kDeadline), "error: division by zero");
  // A bad line is reported and skipped; a last line without '\n' is still an expression.
  client.write_stdin("nonsense\n5 ^ 5\n6*7");
  client.close_stdin();
  EXPECT_EQ(client.read_line(kDeadline), "error: unknown op");
  EXPECT_EQ(client.read_line(kDeadline), "42");
  EXPECT_EQ(client.wait_exit(kDeadline), 0);
  EXPECT_EQ(client.read_line(kDeadline), std::nullopt);
  EXPECT_EQ(client.read_all_stderr(kDeadline),
            "proactor-calc-client: bad expression 'nonsense': expected NUMBER OP NUMBER\n");
  server.stop_and_expect_clean_exit();
}

TEST(CalcClientApp, BadCommandLinesExitTwoWithOneLine)
{
  for (const std::vector<std::string>& args : {std::vector<std::string>{"3", "+", "4"},
                                               {"--port", "1", "3", "+"},
                                               {"--port", "1", "three", "+", "4"},
                                               {"--port", "1", "3", "+", "4", "+", "5"},
                                               {"--port", "1", "--bogus"},
                                               {"--port", "abc"}}) {
    const Finished client = run_to_exit(kClient, args);
    EXPECT_EQ(client.exit_code, 2) << args.back();
    EXPECT_EQ(count_lines(client.err), 1u) << client.err;
    EXPECT_TRUE(client.err.starts_with("proactor-calc-client: ")) << client.err;
    EXPECT_EQ(client.out, "");
  }
  EXPECT_EQ(run_to_exit(kClient, {"--port", "1", "3", "+"}).err,
            "proactor-calc-client: bad expression '3 +': expected NUMBER OP NUMBER "
            "(try --help)\n");
}

TEST(CalcClientApp, NothingListeningExitsOneWithOneLine)
{
  const std::string port = std::to_string(unused_port());
  const std::string expected =
      "proactor-calc-client: cannot connect to 127.0.0.1:" + port + ": Connection refused\n";

  const Finished once = run_to_exit(kClient, {"--port", port, "3", "+", "4"});
  EXPECT_EQ(once.exit_code, 1);
  EXPECT_EQ(once.err, expected);
  EXPECT_EQ(once.out, "");

  const Finished interactive = run_to_exit(kClient, {"--port", port});
  EXPECT_EQ(interactive.exit_code, 1);
  EXPECT_EQ(interactive.err, expected);
}

TEST(CalcClientApp, HelpPrintsUsageAndExitsZero)
{
  const Finished client = run_to_exit(kClient, {"--help"});
  EXPECT_EQ(client.exit_code, 0);
  EXPECT_TRUE(client.out.starts_with("usage: proactor-calc-client [flags]")) << client.out;
  EXPECT_EQ(client.err, "");
  const Finished server = run_to_exit(kServer, {"--help"});
  EXPECT_EQ(server.exit_code, 0);
  for (const char* flag :
       {"--port", "--no-delay", "--keepalive", "--rcvbuf", "--sndbuf", "--reuse-port"})
    EXPECT_NE(server.out.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace calc_app_test
}  // namespace proactor::test
