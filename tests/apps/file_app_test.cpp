// Runs the real proactor-file-server and proactor-file-client binaries as a user or a script
// would: a large file up and down over loopback, verified byte for byte; limits, missing
// files, listings, a write failure on the server, and the command lines.
#include "app_process.hpp"
#include "file_app_support.hpp"
#include "file_test_support.hpp"
#include "loopback_client.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <unistd.h>
#include <vector>

namespace proactor::test {
namespace file_app_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;

// The large transfer: 300 MiB normally. Sanitizers slow every byte's trip through the
// framework (not the hashing, which OpenSSL does uninstrumented) several times over, so they
// move a smaller file through the very same code paths.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr std::uint64_t kLargeFile = 48 * kMiB;
#else
constexpr std::uint64_t kLargeFile = 300 * kMiB;
#endif

TEST(FileApps, PutThenGetOfALargeFileOverLoopbackIsVerifiedEndToEnd)
{
  TempDir dir;
  const file::Digest source = write_pattern_file(dir / "large.bin", kLargeFile);
  ServerProcess server(kFileServer, {"--root", make_root(dir)});
  ASSERT_NE(server.port, 0);

  const auto put_started = std::chrono::steady_clock::now();
  const Finished put =
      run_client(server.port, {"put", (dir / "large.bin").string(), "large.bin"}, kLongDeadline);
  const auto put_time = std::chrono::steady_clock::now() - put_started;
  ASSERT_EQ(put.exit_code, 0) << put.err;
  EXPECT_TRUE(put.out.starts_with("put " + (dir / "large.bin").string() +
                                  " -> large.bin: " + std::to_string(kLargeFile) + " bytes in "))
      << put.out;
  EXPECT_TRUE(put.out.ends_with(", sha256 " + file::to_hex(source) + "\n")) << put.out;
  EXPECT_EQ(count_lines(put.out), 1u);
  EXPECT_NE(put.err.find("large.bin: 100% ("), std::string::npos) << put.err;
  EXPECT_EQ(file_sha256(dir / "root/large.bin"), source);

  const auto get_started = std::chrono::steady_clock::now();
  const Finished get =
      run_client(server.port, {"get", "large.bin", (dir / "copy.bin").string()}, kLongDeadline);
  const auto get_time = std::chrono::steady_clock::now() - get_started;
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_TRUE(get.out.ends_with(", sha256 " + file::to_hex(source) + "\n")) << get.out;
  EXPECT_TRUE(same_contents(dir / "large.bin", dir / "copy.bin"));
  EXPECT_FALSE(fs::exists(dir / "copy.bin.part"));
  server.stop_and_expect_clean_exit();

  const auto report = [](const char* what, std::chrono::steady_clock::duration time) {
    const double seconds = std::chrono::duration<double>(time).count();
    std::printf("[          ] %s of %llu MiB: %.2f s, %.0f MiB/s (the whole program)\n", what,
                static_cast<unsigned long long>(kLargeFile / kMiB), seconds,
                static_cast<double>(kLargeFile / kMiB) / seconds);
  };
  report("put", put_time);
  report("get", get_time);
}

TEST(FileApps, AnUploadAboveTheSizeLimitIsRefusedBeforeAnyByte)
{
  TempDir dir;
  write_pattern_file(dir / "two.bin", 2 * kMiB);
  ServerProcess server(kFileServer, {"--root", make_root(dir), "--max-size", "1M"});
  ASSERT_NE(server.port, 0);
  const Finished put = run_client(server.port, {"put", (dir / "two.bin").string()});
  EXPECT_EQ(put.exit_code, 1);
  EXPECT_EQ(put.err,
            "proactor-file-client: 'two.bin' has 2097152 bytes, more than this server's limit of "
            "1048576 (too_large)\n");
  EXPECT_EQ(put.out, "");
  EXPECT_TRUE(fs::is_empty(dir / "root"));
  server.stop_and_expect_clean_exit();
}

TEST(FileApps, AMissingFileIsOneLineAndNothingIsLeftBehind)
{
  TempDir dir;
  ServerProcess server(kFileServer, {"--root", make_root(dir)});
  ASSERT_NE(server.port, 0);
  const Finished get = run_client(server.port, {"get", "missing.bin", (dir / "m.bin").string()});
  EXPECT_EQ(get.exit_code, 1);
  EXPECT_EQ(get.err, "proactor-file-client: no such file: 'missing.bin' (not_found)\n");
  EXPECT_FALSE(fs::exists(dir / "m.bin"));
  EXPECT_FALSE(fs::exists(dir / "m.bin.part"));

  const Finished put = run_client(server.port, {"put", (dir / "nothing.bin").string()});
  EXPECT_EQ(put.exit_code, 1);
  EXPECT_EQ(put.err, "proactor-file-client: cannot open '" + (dir / "nothing.bin").string() +
                         "': No such file or directory\n");
  server.stop_and_expect_clean_exit();
}

TEST(FileApps, ListPrintsSizesAndNamesAndABarWhenAsked)
{
  TempDir dir;
  ServerProcess server(kFileServer, {"--root", make_root(dir)});
  ASSERT_NE(server.port, 0);
  write_text(dir / "hello.txt", "hello, world\n");
  write_pattern_file(dir / "one.bin", kMiB);
  const Finished bar = run_client(
      server.port, {"--progress", "bar", "put", (dir / "one.bin").string(), "d/one.bin"});
  ASSERT_EQ(bar.exit_code, 0) << bar.err;
  EXPECT_TRUE(bar.err.starts_with("\rd/one.bin")) << bar.err;
  EXPECT_TRUE(bar.err.ends_with("\n")) << bar.err;
  EXPECT_NE(bar.err.find("100%"), std::string::npos) << bar.err;
  const Finished quiet =
      run_client(server.port, {"--progress", "none", "put", (dir / "hello.txt").string()});
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");

  const Finished list = run_client(server.port, {"list"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(list.out,
            "       1048576  d/one.bin\n"
            "            13  hello.txt\n");
  server.stop_and_expect_clean_exit();
}

TEST(FileApps, AWriteFailureOnTheServerIsReportedAndThePartialKept)
{
  if (::access("/usr/bin/prlimit", X_OK) != 0) GTEST_SKIP() << "needs /usr/bin/prlimit";
  TempDir dir;
  write_pattern_file(dir / "four.bin", 4 * kMiB);
  // The server may write files of at most 1 MiB: the upload fails partway, as on a full disk.
  ChildProcess server;
  server.start("/usr/bin/prlimit",
               {"--fsize=1048576", bin_path(kFileServer), "--port", "0", "--root", make_root(dir)});
  const std::uint16_t port = wait_until_listening(server);
  ASSERT_NE(port, 0);
  const Finished put = run_client(port, {"--progress", "none", "put", (dir / "four.bin").string()});
  EXPECT_EQ(put.exit_code, 1);
  EXPECT_EQ(put.err,
            "proactor-file-client: cannot write 'four.bin' at byte 1048576: File too large; the "
            "partial upload is kept for a resume (io_error)\n");
  EXPECT_EQ(fs::file_size(dir / "root/four.bin.part"), kMiB);
  EXPECT_FALSE(fs::exists(dir / "root/four.bin"));
  server.send_signal(SIGTERM);
  EXPECT_EQ(server.wait_exit(kDeadline), 0);
}

TEST(FileApps, NothingListeningIsOneLineAndExitOne)
{
  const std::string port = std::to_string(unused_port());
  const Finished list = run_to_exit(kFileClient, {"--port", port, "list"});
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_EQ(list.err,
            "proactor-file-client: cannot connect to 127.0.0.1:" + port + ": Connection refused\n");
}

TEST(FileApps, BadCommandLinesExitTwoWithOneLine)
{
  TempDir dir;
  write_text(dir / "plain", "x");
  const std::vector<std::vector<std::string>> clients = {
      {"list"},
      {"--port", "1"},
      {"--port", "1", "fetch", "x"},
      {"--port", "1", "put"},
      {"--port", "1", "put", "a", "b", "c"},
      {"--port", "1", "list", "x"},
      {"--port", "1", "--progress", "fancy", "list"},
      {"--port", "1", "put", "a", "../escape"},
      {"--port", "1", "get", "/etc/passwd"},
      {"--port", "1", "--limit-rate", "fast", "list"},
  };
  for (const auto& args : clients) {
    const Finished client = run_to_exit(kFileClient, args);
    EXPECT_EQ(client.exit_code, 2) << args.back();
    EXPECT_EQ(count_lines(client.err), 1u) << client.err;
    EXPECT_TRUE(client.err.starts_with("proactor-file-client: ")) << client.err;
    EXPECT_EQ(client.out, "");
  }
  const std::vector<std::vector<std::string>> servers = {
      {"--port", "0"},
      {"--port", "0", "--root", (dir / "missing").string()},
      {"--port", "0", "--root", (dir / "plain").string()},
      {"--port", "0", "--root", dir.path().string(), "--framing", "line"},
      {"--port", "0", "--root", dir.path().string(), "--max-frame", "1K"},
      {"--port", "0", "--root", dir.path().string(), "--max-size", "lots"},
  };
  for (const auto& args : servers) {
    const Finished server = run_to_exit(kFileServer, args);
    EXPECT_EQ(server.exit_code, 2) << args.back();
    EXPECT_EQ(count_lines(server.err), 1u) << server.err;
    EXPECT_TRUE(server.err.starts_with("proactor-file-server: ")) << server.err;
    EXPECT_EQ(server.out, "");
  }
}

// What server_programs_test checks on the servers that need no flags.
TEST(FileApps, TheServerFollowsTheServerProgramConventions)
{
  TempDir dir;
  ServerProcess first(kFileServer, {"--root", make_root(dir)});
  ASSERT_NE(first.port, 0);
  // With its default logic threads: a failed listen must not make stop() wait out its timeout.
  const Finished busy = run_to_exit(
      kFileServer, {"--port", std::to_string(first.port), "--root", (dir / "root").string()});
  EXPECT_EQ(busy.exit_code, 1);
  EXPECT_EQ(count_lines(busy.err), 1u) << busy.err;
  EXPECT_NE(busy.err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port)),
            std::string::npos)
      << busy.err;
  first.process.send_signal(SIGINT);
  EXPECT_EQ(first.process.wait_exit(kDeadline), 0);
}

TEST(FileApps, HelpDescribesBothPrograms)
{
  const Finished client = run_to_exit(kFileClient, {"--help"});
  EXPECT_EQ(client.exit_code, 0);
  for (const char* text : {"put LOCAL [REMOTE]", "get REMOTE [LOCAL]", "--limit-rate", "--restart"})
    EXPECT_NE(client.out.find(text), std::string::npos) << text;
  const Finished server = run_to_exit(kFileServer, {"--help"});
  EXPECT_EQ(server.exit_code, 0);
  for (const char* flag : {"--root", "--max-size", "--port", "--logic-threads", "--max-frame"})
    EXPECT_NE(server.out.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace file_app_test
}  // namespace proactor::test
