// The conventions every server program shares, checked on each of them: the `listening on`
// line, a clean stop on SIGINT and SIGTERM, one line and exit 2 for a bad flag, one line and
// exit 1 for a port in use.
#include "app_process.hpp"
#include "loopback_client.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <string>

namespace proactor::test {
namespace server_programs_test {  // a unity build puts several test files in one unit
namespace {

class ServerProgram : public ::testing::TestWithParam<const char*>
{};

TEST_P(ServerProgram, StopsCleanlyOnSigint)
{
  ServerProcess server(GetParam());
  ASSERT_NE(server.port, 0);
  server.process.send_signal(SIGINT);
  EXPECT_EQ(server.process.wait_exit(kDeadline), 0);
}

TEST_P(ServerProgram, StopsCleanlyOnSigterm)
{
  ServerProcess server(GetParam());
  ASSERT_NE(server.port, 0);
  server.stop_and_expect_clean_exit();
}

TEST_P(ServerProgram, ABadFlagIsOneLineAndExitTwo)
{
  const auto run = run_to_exit(GetParam(), {"--no-such-flag"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(count_lines(run.err), 1u) << run.err;
  EXPECT_NE(run.err.find("--no-such-flag"), std::string::npos) << run.err;
}

TEST_P(ServerProgram, APortInUseIsOneLineAndExitOne)
{
  ServerProcess first(GetParam());
  ASSERT_NE(first.port, 0);
  const auto run = run_to_exit(GetParam(), {"--port", std::to_string(first.port)});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(count_lines(run.err), 1u) << run.err;
  EXPECT_NE(run.err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port)),
            std::string::npos)
      << run.err;
  first.stop_and_expect_clean_exit();
}

// "proactor-echo-server" -> "echo"
std::string short_name(const ::testing::TestParamInfo<const char*>& param)
{
  const std::string name = param.param;
  const auto start = std::string("proactor-").size();
  return name.substr(start, name.find('-', start) - start);
}

INSTANTIATE_TEST_SUITE_P(Every, ServerProgram,
                         ::testing::Values("proactor-echo-server", "proactor-chat-server",
                                           "proactor-calc-server"),
                         short_name);

}  // namespace
}  // namespace server_programs_test
}  // namespace proactor::test
