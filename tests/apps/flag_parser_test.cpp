// The command-line parser every program shares: no process, just argv arrays.
#include "common/flag_parser.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

namespace proactor::apps {
namespace flag_parser_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using Status = FlagParser::Status;

// argv for `args`, with a program name in front as main receives it.
class Argv
{
 public:
  Argv(std::initializer_list<const char*> args) : pointers_{"prog"}
  {
    pointers_.insert(pointers_.end(), args.begin(), args.end());
  }
  int argc() const { return static_cast<int>(pointers_.size()); }
  const char* const* argv() const { return pointers_.data(); }

 private:
  std::vector<const char*> pointers_;
};

struct Values
{
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::size_t count = 1;
  std::size_t bytes = 1024 * 1024;
  std::chrono::milliseconds timeout = 30s;
  bool verbose = false;
  std::vector<std::string> files;
};

// A parser over `values` with one option of each kind.
FlagParser make_parser(Values& values)
{
  FlagParser flags{"prog", "Does a thing."};
  flags.add_string("host", values.host, "HOST", "address");
  flags.add_port("port", values.port, "port");
  flags.add_count("count", values.count, "how many", 1, 100);
  flags.add_bytes("bytes", values.bytes, "how big");
  flags.add_duration("timeout", values.timeout, "how long");
  flags.add_flag("verbose", values.verbose, "say more");
  return flags;
}

Status parse(FlagParser& flags, const Argv& args)
{
  return flags.parse(args.argc(), args.argv());
}

TEST(FlagParser, ReadsSpaceAndEqualsForms)
{
  Values values;
  FlagParser flags = make_parser(values);
  ASSERT_EQ(parse(flags, {"--host", "::1", "--port=8080", "--count", "7", "--verbose"}), Status::ok)
      << flags.error();
  EXPECT_EQ(values.host, "::1");
  EXPECT_EQ(values.port, 8080);
  EXPECT_EQ(values.count, 7u);
  EXPECT_TRUE(values.verbose);
  EXPECT_TRUE(flags.seen("port"));
  EXPECT_FALSE(flags.seen("bytes"));
}

TEST(FlagParser, KeepsDefaultsForFlagsNotGiven)
{
  Values values;
  FlagParser flags = make_parser(values);
  ASSERT_EQ(parse(flags, {}), Status::ok);
  EXPECT_EQ(values.host, "127.0.0.1");
  EXPECT_EQ(values.timeout, 30s);
  EXPECT_FALSE(values.verbose);
}

TEST(FlagParser, ReadsDurationsWithUnits)
{
  EXPECT_EQ(parse_duration("500ms"), 500ms);
  EXPECT_EQ(parse_duration("30s"), 30s);
  EXPECT_EQ(parse_duration("30"), 30s);
  EXPECT_EQ(parse_duration("5m"), 5min);
  EXPECT_EQ(parse_duration("1h"), 1h);
  EXPECT_EQ(parse_duration("0"), 0ms);
  EXPECT_EQ(parse_duration(""), std::nullopt);
  EXPECT_EQ(parse_duration("s"), std::nullopt);
  EXPECT_EQ(parse_duration("-1s"), std::nullopt);
  EXPECT_EQ(parse_duration("1.5s"), std::nullopt);
  EXPECT_EQ(parse_duration("10 s"), std::nullopt);
  EXPECT_EQ(parse_duration("99999999999999999999"), std::nullopt);
}

TEST(FlagParser, ReadsBytesWithBinarySuffixes)
{
  EXPECT_EQ(parse_bytes("4096"), 4096u);
  EXPECT_EQ(parse_bytes("64K"), 64u * 1024);
  EXPECT_EQ(parse_bytes("1MiB"), 1024u * 1024);
  EXPECT_EQ(parse_bytes("2G"), 2ull * 1024 * 1024 * 1024);
  EXPECT_EQ(parse_bytes("1T"), std::nullopt);
  EXPECT_EQ(parse_bytes("x"), std::nullopt);
  EXPECT_EQ(parse_bytes("18446744073709551615K"), std::nullopt);
}

TEST(FlagParser, FormatsWhatItReadsBack)
{
  for (const auto d : {0ms, 500ms, 1500ms, 30000ms, 300000ms, 7200000ms})
    EXPECT_EQ(parse_duration(format_duration(d)), d) << format_duration(d);
  for (const std::size_t b : {0u, 1000u, 1024u, 1048576u, 3u << 30})
    EXPECT_EQ(parse_bytes(format_bytes(b)), b) << format_bytes(b);
  EXPECT_EQ(format_duration(30s), "30s");
  EXPECT_EQ(format_bytes(1024 * 1024), "1MiB");
}

TEST(FlagParser, RejectsWithOneClearMessage)
{
  const std::vector<std::pair<Argv, std::string>> cases = {
      {{"--bogus"}, "unknown flag '--bogus'"},
      {{"--bogus=1"}, "unknown flag '--bogus'"},
      {{"-x"}, "unknown flag '-x'"},
      {{"--port"}, "missing value for '--port'"},
      {{"--host", "--port", "1"}, "missing value for '--host'"},
      {{"--port", "http"}, "invalid value 'http' for '--port': expected a port number"},
      {{"--port", "65536"}, "invalid value '65536' for '--port': must be between 0 and 65535"},
      {{"--count", "0"}, "invalid value '0' for '--count': must be between 1 and 100"},
      {{"--count", "-3"}, "invalid value '-3' for '--count': expected a whole number"},
      {{"--verbose=yes"}, "flag '--verbose' takes no value"},
      {{"stray"}, "unexpected argument 'stray'"},
  };
  for (const auto& [args, message] : cases) {
    Values values;
    FlagParser flags = make_parser(values);
    EXPECT_EQ(parse(flags, args), Status::error) << message;
    EXPECT_EQ(flags.error(), message);
  }
}

TEST(FlagParser, ReportsHelpAndErrorsLikeATool)
{
  Values values;
  FlagParser flags = make_parser(values);
  std::ostringstream out;
  std::ostringstream err;

  const Argv help{"--help"};
  EXPECT_EQ(flags.parse_or_exit(help.argc(), help.argv(), out, err), 0);
  EXPECT_EQ(out.str(), flags.usage());
  EXPECT_EQ(err.str(), "");

  out.str("");
  const Argv version{"--version"};
  EXPECT_EQ(flags.parse_or_exit(version.argc(), version.argv(), out, err), 0);
  EXPECT_EQ(out.str(), flags.version() + "\n");
  EXPECT_TRUE(out.str().starts_with("prog ")) << out.str();
  EXPECT_EQ(err.str(), "");

  out.str("");
  const Argv bad{"--port", "x"};
  EXPECT_EQ(flags.parse_or_exit(bad.argc(), bad.argv(), out, err), kUsageExitCode);
  EXPECT_EQ(err.str(),
            "prog: invalid value 'x' for '--port': expected a port number (try --help)\n");
  EXPECT_EQ(out.str(), "");

  const Argv good{"--port", "1"};
  EXPECT_EQ(flags.parse_or_exit(good.argc(), good.argv(), out, err), std::nullopt);
}

TEST(FlagParser, UsageListsEveryFlagWithItsDefault)
{
  Values values;
  const std::string usage = make_parser(values).usage();
  EXPECT_TRUE(usage.starts_with("usage: prog [flags]\n\nDoes a thing.\n")) << usage;
  EXPECT_NE(usage.find("--host HOST"), std::string::npos) << usage;
  EXPECT_NE(usage.find("(default: 127.0.0.1)"), std::string::npos) << usage;
  EXPECT_NE(usage.find("(default: 1MiB)"), std::string::npos) << usage;
  EXPECT_NE(usage.find("(default: 30s)"), std::string::npos) << usage;
  EXPECT_NE(usage.find("-h, --help"), std::string::npos) << usage;
}

TEST(FlagParser, TakesPositionalArgumentsOnlyWhenAsked)
{
  Values values;
  FlagParser flags = make_parser(values);
  flags.add_positional("FILE", values.files, "files to read", 1, 2);
  EXPECT_EQ(parse(flags, {"a.txt", "--verbose", "--", "--b.txt"}), Status::ok) << flags.error();
  EXPECT_EQ(values.files, (std::vector<std::string>{"a.txt", "--b.txt"}));
  EXPECT_TRUE(values.verbose);

  Values none;
  FlagParser needs_one = make_parser(none);
  needs_one.add_positional("FILE", none.files, "files to read", 1, 2);
  EXPECT_EQ(parse(needs_one, {}), Status::error);
  EXPECT_EQ(needs_one.error(), "missing argument FILE");
  EXPECT_NE(needs_one.usage().find("usage: prog [flags] FILE..."), std::string::npos);
}

TEST(FlagParser, HelpWinsOverLaterArguments)
{
  Values values;
  FlagParser flags = make_parser(values);
  EXPECT_EQ(parse(flags, {"-h", "--bogus"}), Status::help);
}

}  // namespace
}  // namespace flag_parser_test
}  // namespace proactor::apps
