// The load generator's command line: modes, defaults and the rules that refuse a bad run.
#include "loadgen/loadgen_options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace proactor::loadgen {
namespace loadgen_options_test {  // a unity build puts several test files in one unit
namespace {

// Parses `args` as the command line; stderr/stdout output of refusals is not checked here
// (the program tests do).
apps::ParseResult<LoadgenOptions> parse(std::vector<std::string> args)
{
  std::string program = "proactor-loadgen";
  std::vector<char*> argv{program.data()};
  for (auto& arg : args) argv.push_back(arg.data());
  return parse_loadgen_flags(static_cast<int>(argv.size()), argv.data());
}

TEST(LoadgenOptions, PingpongKeepsOneFrameInFlight)
{
  const auto options = parse({"pingpong", "--port", "7000", "--window", "1"});
  EXPECT_FALSE(options);  // --window belongs to pipeline and chat
  const auto plain = parse({"pingpong", "--port", "7000"});
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->mode, Mode::pingpong);
  EXPECT_EQ(plain->in_flight(), 1u);
  EXPECT_EQ(plain->connections, 100u);
}

TEST(LoadgenOptions, PipelineAndIdleTakeTheirFlags)
{
  const auto pipeline = parse({"pipeline", "--port", "7000", "--window", "16", "--size", "16K"});
  ASSERT_TRUE(pipeline);
  EXPECT_EQ(pipeline->in_flight(), 16u);
  EXPECT_EQ(pipeline->size, 16u * 1024);
  const auto idle = parse({"idle", "--port", "7000", "--conns", "10000", "--hold", "30s"});
  ASSERT_TRUE(idle);
  EXPECT_EQ(idle->mode, Mode::idle);
  EXPECT_EQ(idle->connections, 10'000u);
  EXPECT_EQ(idle->hold, std::chrono::seconds(30));
}

TEST(LoadgenOptions, OpenLoopRateIsANumber)
{
  const auto options = parse({"pipeline", "--port", "7000", "--rate", "50000"});
  ASSERT_TRUE(options);
  EXPECT_DOUBLE_EQ(options->rate, 50'000.0);
  EXPECT_FALSE(parse({"pipeline", "--port", "7000", "--rate", "fast"}));
  EXPECT_FALSE(parse({"pipeline", "--port", "7000", "--rate", "-1"}));
  EXPECT_FALSE(parse({"idle", "--port", "7000", "--rate", "10"}));
}

TEST(LoadgenOptions, RefusesWhatCannotRun)
{
  EXPECT_FALSE(parse({"pingpong"}));                                       // no port
  EXPECT_FALSE(parse({"flood", "--port", "7000"}));                        // unknown mode
  EXPECT_FALSE(parse({"--port", "7000"}));                                 // no mode
  EXPECT_FALSE(parse({"pingpong", "--port", "7000", "--duration", "0"}));  // nothing to measure
  EXPECT_FALSE(parse({"pingpong", "--port", "7000", "--connections", "2", "--threads", "3"}));
  EXPECT_FALSE(parse({"chat", "--port", "7000", "--connections", "2", "--senders", "3"}));
  EXPECT_FALSE(parse({"chat", "--port", "7000", "--size", "0"}));
}

TEST(LoadgenOptions, LoadsLoopbackHostsOnly)
{
  EXPECT_TRUE(parse({"pingpong", "--port", "7000", "--host", "127.0.0.1"}));
  EXPECT_TRUE(parse({"pingpong", "--port", "7000", "--host", "127.1.2.3"}));
  EXPECT_TRUE(parse({"pingpong", "--port", "7000", "--host", "::1"}));
  EXPECT_TRUE(parse({"pingpong", "--port", "7000", "--host", "localhost"}));
  EXPECT_FALSE(parse({"pingpong", "--port", "7000", "--host", "10.0.0.1"}));
  EXPECT_FALSE(parse({"pingpong", "--port", "7000", "--host", "example.com"}));
  EXPECT_FALSE(parse({"pingpong", "--port", "7000", "--host", "::2"}));
}

}  // namespace
}  // namespace loadgen_options_test
}  // namespace proactor::loadgen
