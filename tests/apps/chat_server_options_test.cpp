// The chat server's command line in-process: the values the flags leave in ChatServerOptions
// and the combinations refused (chat_app_test runs the real program for the rest).
#include "chat/chat_server_options.hpp"

#include "common/flag_parser.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

namespace proactor::chat {
namespace chat_server_options_test {  // a unity build puts several test files in one unit
namespace {

// What parsing `args` gave, and what it printed on stderr.
struct Parsed
{
  apps::ParseResult<ChatServerOptions> result;
  std::string err;
};

Parsed parse(std::vector<std::string> args)
{
  std::string program = "proactor-chat-server";
  std::vector<char*> argv{program.data()};
  for (auto& arg : args) argv.push_back(arg.data());
  std::ostringstream err;
  std::streambuf* const saved = std::cerr.rdbuf(err.rdbuf());
  auto result = parse_chat_server_flags(static_cast<int>(argv.size()), argv.data());
  std::cerr.rdbuf(saved);
  return {std::move(result), err.str()};
}

TEST(ChatServerOptions, TheRateLimitIsOffByDefault)
{
  const Parsed parsed = parse({});
  ASSERT_TRUE(parsed.result) << parsed.err;
  EXPECT_EQ(parsed.result->limits.max_msgs_per_sec, 0u);
  EXPECT_EQ(parsed.result->limits.burst, 0u);  // the same as the rate
}

TEST(ChatServerOptions, RateAndBurstAreRead)
{
  const Parsed both = parse({"--max-msgs-per-sec", "20", "--burst", "50"});
  ASSERT_TRUE(both.result) << both.err;
  EXPECT_EQ(both.result->limits.max_msgs_per_sec, 20u);
  EXPECT_EQ(both.result->limits.burst, 50u);

  const Parsed rate_only = parse({"--max-msgs-per-sec=5"});
  ASSERT_TRUE(rate_only.result) << rate_only.err;
  EXPECT_EQ(rate_only.result->limits.max_msgs_per_sec, 5u);
  EXPECT_EQ(rate_only.result->limits.burst, 0u);

  const Parsed largest = parse({"--max-msgs-per-sec", "4294967295", "--burst", "4294967295"});
  ASSERT_TRUE(largest.result) << largest.err;
  EXPECT_EQ(largest.result->limits.max_msgs_per_sec, 4294967295u);
  EXPECT_EQ(largest.result->limits.burst, 4294967295u);

  const Parsed off = parse({"--max-msgs-per-sec", "0"});
  ASSERT_TRUE(off.result) << off.err;
  EXPECT_EQ(off.result->limits.max_msgs_per_sec, 0u);
}

TEST(ChatServerOptions, ABurstWithoutARateExitsTwoWithOneLine)
{
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--burst", "5"}, {"--max-msgs-per-sec", "0", "--burst", "5"}}) {
    const Parsed parsed = parse(args);
    ASSERT_FALSE(parsed.result) << args.size();
    EXPECT_EQ(parsed.result.exit_code(), apps::kUsageExitCode);
    EXPECT_EQ(parsed.err,
              "proactor-chat-server: --burst needs a --max-msgs-per-sec above 0 (try --help)\n");
  }
}

TEST(ChatServerOptions, BadRatesAndBurstsExitTwo)
{
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--max-msgs-per-sec", "-1"},
        {"--max-msgs-per-sec", "fast"},
        {"--max-msgs-per-sec", "2.5"},
        {"--max-msgs-per-sec", "4294967296"},
        {"--max-msgs-per-sec", "10", "--burst", "4294967296"},
        {"--max-msgs-per-sec", "10", "--burst"}}) {
    const Parsed parsed = parse(args);
    ASSERT_FALSE(parsed.result) << args.back();
    EXPECT_EQ(parsed.result.exit_code(), apps::kUsageExitCode) << args.back();
    EXPECT_TRUE(parsed.err.starts_with("proactor-chat-server: ")) << parsed.err;
    EXPECT_EQ(parsed.err.find('\n'), parsed.err.size() - 1) << parsed.err;  // one line
  }
}

}  // namespace
}  // namespace chat_server_options_test
}  // namespace proactor::chat
