// Every program answers --version with its name, the project version and the I/O backend
// Asio was compiled with, so a user (or a bug report) can tell an io_uring or IOCP build
// from the default one.
#include "app_process.hpp"

#include <gtest/gtest.h>

#include <string>

namespace proactor::test {
namespace program_version_test {  // a unity build puts several test files in one unit
namespace {

class ProgramVersion : public ::testing::TestWithParam<const char*>
{};

// Whether this build has the program: the Windows build leaves out those that need OpenSSL
// (apps/CMakeLists.txt).
bool built(const std::string& program)
{
  return ("," + std::string(PROACTOR_BUILT_PROGRAMS) + ",").find("," + program + ",") !=
         std::string::npos;
}

TEST_P(ProgramVersion, NamesTheBackendItWasBuiltOn)
{
  if (!built(GetParam()))
    GTEST_SKIP() << GetParam() << " is not built on this platform (apps/CMakeLists.txt)";
  // The loadgen takes its mode first; --version works before it like --help does.
  const auto run = run_to_exit(GetParam(), {"--version"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, std::string(GetParam()) + " " + PROACTOR_VERSION + " (" +
                         PROACTOR_EXPECTED_BACKEND + ")\n");
  EXPECT_EQ(run.err, "");
}

std::string test_name(const ::testing::TestParamInfo<const char*>& param)
{
  std::string name = std::string(param.param).substr(std::string("proactor-").size());
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(
    Every, ProgramVersion,
    ::testing::Values("proactor-echo-server", "proactor-echo-client", "proactor-chat-server",
                      "proactor-chat-client", "proactor-calc-server", "proactor-calc-client",
                      "proactor-file-server", "proactor-file-client", "proactor-loadgen",
                      "proactor-udp-echo-server", "proactor-udp-echo-client",
                      "proactor-udp-broadcast-sender", "proactor-udp-broadcast-receiver",
                      "proactor-udp-multicast-sender", "proactor-udp-multicast-receiver"),
    test_name);

}  // namespace
}  // namespace program_version_test
}  // namespace proactor::test
