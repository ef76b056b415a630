// Runs the real proactor-loadgen against the real echo and chat servers with short phases:
// every mode completes with every byte verified, and a wrong or missing server fails the
// run with one line and exit 1.
#include "app_process.hpp"
#include "loopback_client.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace proactor::test {
namespace loadgen_app_test {  // a unity build puts several test files in one unit
namespace {

constexpr std::string_view kLoadgen = "proactor-loadgen";

// A short run: the phases are bounded, so the whole test is too.
std::vector<std::string> short_run(std::uint16_t port, std::vector<std::string> more)
{
  std::vector<std::string> args{"--port", std::to_string(port), "--duration", "300ms", "--warmup",
                                "100ms",  "--timeout",          "5s"};
  args.insert(args.begin(), more.begin(), more.end());
  return args;
}

// The value of `key=` in the report line, or -1.
double figure(const std::string& report, std::string_view key)
{
  const auto at = report.find(" " + std::string(key) + "=");
  if (at == std::string::npos) return -1;
  return std::stod(report.substr(at + key.size() + 2));
}

TEST(LoadgenApp, PingpongAndPipelineVerifyEveryEchoedByte)
{
  ServerProcess server("proactor-echo-server");
  ASSERT_NE(server.port, 0);
  for (const std::vector<std::string>& mode :
       {std::vector<std::string>{"pingpong", "--connections", "10"},
        {"pipeline", "--connections", "10", "--window", "8", "--size", "3000", "--threads", "2"},
        {"pingpong", "--connections", "4", "--size", "3", "--rate", "2000"}}) {
    const Finished run = run_to_exit(kLoadgen, short_run(server.port, mode));
    ASSERT_EQ(run.exit_code, 0) << mode.front() << ": " << run.err << run.out;
    EXPECT_GT(figure(run.out, "msgs_per_sec"), 0) << run.out;
    EXPECT_GT(figure(run.out, "messages"), 0) << run.out;
    EXPECT_EQ(figure(run.out, "errors"), 0) << run.out;
    EXPECT_GT(figure(run.out, "p99_us"), 0) << run.out;
  }
  server.stop_and_expect_clean_exit();
}

TEST(LoadgenApp, OpenLoopSendsAtTheRequestedRate)
{
  ServerProcess server("proactor-echo-server");
  ASSERT_NE(server.port, 0);
  const Finished run = run_to_exit(
      kLoadgen, {"pingpong", "--port", std::to_string(server.port), "--connections", "5", "--rate",
                 "1000", "--duration", "1s", "--warmup", "200ms", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // One JSON object with the rate honoured: 1000 frames in the measured second, give or
  // take the frames straddling its edges.
  ASSERT_EQ(run.out.front(), '{');
  const auto at = run.out.find("\"messages\":");
  ASSERT_NE(at, std::string::npos);
  const double messages = std::stod(run.out.substr(at + 11));
  EXPECT_NEAR(messages, 1000, 50) << run.out;
  server.stop_and_expect_clean_exit();
}

TEST(LoadgenApp, IdleHoldsConnectionsAndChecksThemAfterwards)
{
  ServerProcess server("proactor-echo-server");
  ASSERT_NE(server.port, 0);
  const Finished run =
      run_to_exit(kLoadgen, {"idle", "--port", std::to_string(server.port), "--conns", "200",
                             "--hold", "200ms", "--threads", "2"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(figure(run.out, "connections"), 200) << run.out;
  EXPECT_EQ(figure(run.out, "messages"), 200) << run.out;  // the second probe, one each
  EXPECT_NE(run.err.find("holding 200 connections"), std::string::npos) << run.err;
  server.stop_and_expect_clean_exit();
}

TEST(LoadgenApp, ChatFanOutDeliversEveryMessageToEveryMember)
{
  ServerProcess server("proactor-chat-server");
  ASSERT_NE(server.port, 0);
  const Finished run = run_to_exit(
      kLoadgen, short_run(server.port, {"chat", "--connections", "20", "--senders", "2", "--window",
                                        "2", "--size", "100", "--threads", "2"}));
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_GT(figure(run.out, "messages"), 0) << run.out;
  EXPECT_EQ(figure(run.out, "errors"), 0) << run.out;
  server.stop_and_expect_clean_exit();
}

TEST(LoadgenApp, AServerThatAnswersSomethingElseFailsTheRun)
{
  // The calculator answers a 64-byte frame with an error packet, not an echo.
  ServerProcess server("proactor-calc-server");
  ASSERT_NE(server.port, 0);
  const Finished run =
      run_to_exit(kLoadgen, short_run(server.port, {"pingpong", "--connections", "1"}));
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_EQ(count_lines(run.err), 1u) << run.err;
  EXPECT_NE(run.err.find("proactor-loadgen: connection 0:"), std::string::npos) << run.err;
  server.stop_and_expect_clean_exit();
}

TEST(LoadgenApp, AServerThatClosesFailsTheRun)
{
  ServerProcess server("proactor-echo-server", {"--max-frame", "16"});
  ASSERT_NE(server.port, 0);
  const Finished run =
      run_to_exit(kLoadgen, short_run(server.port, {"pingpong", "--connections", "2"}));
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_NE(run.err.find("closed the connection"), std::string::npos) << run.err;
  server.stop_and_expect_clean_exit();
}

TEST(LoadgenApp, NothingListeningIsOneLineAndExitOne)
{
  const Finished run =
      run_to_exit(kLoadgen, short_run(unused_port(), {"pingpong", "--connections", "3"}));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(count_lines(run.err), 1u) << run.err;
  EXPECT_NE(run.err.find("connect:"), std::string::npos) << run.err;
}

TEST(LoadgenApp, BadFlagsAndForeignHostsExitTwo)
{
  for (const std::vector<std::string>& args : {std::vector<std::string>{"pingpong"},
                                               {"pingpong", "--port", "1", "--host", "192.0.2.1"},
                                               {"storm", "--port", "1"},
                                               {"pingpong", "--port", "1", "--bogus"}}) {
    const Finished run = run_to_exit(kLoadgen, args);
    EXPECT_EQ(run.exit_code, 2) << args.front();
    EXPECT_EQ(count_lines(run.err), 1u) << run.err;
  }
  const Finished help = run_to_exit(kLoadgen, {"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("pipeline"), std::string::npos);
}

}  // namespace
}  // namespace loadgen_app_test
}  // namespace proactor::test
