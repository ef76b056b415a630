// Interrupted transfers of the real client, resumed by running it again: the client killed
// mid-upload and mid-download, the server killed mid-upload, and stale partial files that
// must not be resumed. The transfers are slowed with --limit-rate so that the kill lands
// mid-transfer; the tests wait for the partial file to grow (an observable state, polled with
// a deadline), never for a time.
#include "eventually.hpp"
#include "file/file_handler.hpp"
#include "file/file_service.hpp"
#include "file_app_support.hpp"
#include "file_test_support.hpp"
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <string>
#include <system_error>

namespace proactor::test {
namespace file_resume_test {  // a unity build puts several test files in one unit
namespace {

constexpr std::uint64_t kFileSize = 32 * kMiB;
// Slow enough that a kill after the first MiB lands long before the end (4 s at this rate).
constexpr const char* kSlowRate = "8M";
constexpr std::uint64_t kKillAfter = kMiB;

std::uint64_t size_of(const fs::path& path)
{
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

// The byte offset in the client's "resuming 'NAME' at byte N of M" line; 0 if there is none.
std::uint64_t resumed_at(const std::string& out, const std::string& name)
{
  const std::string prefix = "resuming '" + name + "' at byte ";
  const auto start = out.find(prefix);
  if (start == std::string::npos) return 0;
  return std::stoull(out.substr(start + prefix.size()));
}

// Starts the client against `port` with `args`, waits until `partial` holds more than
// kKillAfter bytes, and kills it.
void kill_client_midway(std::uint16_t port, std::vector<std::string> args, const fs::path& partial)
{
  ChildProcess client;
  client.start(bin_path(kFileClient), client_args(port, std::move(args)));
  ASSERT_TRUE(eventually([&] { return size_of(partial) > kKillAfter; }))
      << "the partial never grew: " << client.read_all_stderr(kDeadline);
  client.send_signal(SIGKILL);
  EXPECT_EQ(client.wait_exit(kDeadline), -SIGKILL);
}

// The server in-process here, so that the test can see when it let go of the interrupted
// upload (its claim on the name), rather than guess.
TEST(FileResume, AnUploadResumesAfterTheClientWasKilled)
{
  TempDir dir;
  const file::Digest source = write_pattern_file(dir / "up.bin", kFileSize);
  file::FileService service{make_root(dir)};
  file::FileHandler handler{service};
  ServerConfig config;
  config.io_threads = 2;
  config.logic_threads = 2;
  Server server{config, handler};
  server.listen("127.0.0.1", 0);
  const std::uint16_t port = server.local_endpoint().port;

  kill_client_midway(port, {"--limit-rate", kSlowRate, "put", (dir / "up.bin").string()},
                     dir / "root/up.bin.part");
  ASSERT_TRUE(eventually([&] { return service.claims.size() == 0; }));
  const std::uint64_t kept = size_of(dir / "root/up.bin.part");
  ASSERT_GT(kept, kKillAfter);
  ASSERT_LT(kept, kFileSize);

  const Finished resumed = run_client(port, {"put", (dir / "up.bin").string()}, kLongDeadline);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(resumed_at(resumed.out, "up.bin"), kept) << resumed.out;
  EXPECT_EQ(file_sha256(dir / "root/up.bin"), source);
  EXPECT_FALSE(fs::exists(dir / "root/up.bin.part"));
}

TEST(FileResume, ADownloadResumesAfterTheClientWasKilled)
{
  TempDir dir;
  const file::Digest source = write_pattern_file(fs::path(make_root(dir)) / "down.bin", kFileSize);
  ServerProcess server(kFileServer, {"--root", (dir / "root").string()});
  ASSERT_NE(server.port, 0);
  const std::string local = (dir / "down.bin").string();

  kill_client_midway(server.port, {"--limit-rate", kSlowRate, "get", "down.bin", local},
                     local + ".part");
  const std::uint64_t kept = size_of(local + ".part");
  ASSERT_GT(kept, kKillAfter);
  ASSERT_LT(kept, kFileSize);

  const Finished resumed = run_client(server.port, {"get", "down.bin", local}, kLongDeadline);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(resumed_at(resumed.out, "down.bin"), kept) << resumed.out;
  EXPECT_EQ(file_sha256(local), source);
  EXPECT_FALSE(fs::exists(local + ".part"));
  server.stop_and_expect_clean_exit();
}

TEST(FileResume, AnUploadResumesAfterTheServerWasKilled)
{
  TempDir dir;
  const file::Digest source = write_pattern_file(dir / "up.bin", kFileSize);
  const std::string root = make_root(dir);
  {
    ServerProcess server(kFileServer, {"--root", root});
    ASSERT_NE(server.port, 0);
    ChildProcess client;
    client.start(bin_path(kFileClient), client_args(server.port, {"--limit-rate", kSlowRate, "put",
                                                                  (dir / "up.bin").string()}));
    ASSERT_TRUE(eventually([&] { return size_of(dir / "root/up.bin.part") > kKillAfter; }));
    server.process.send_signal(SIGKILL);
    EXPECT_EQ(server.process.wait_exit(kDeadline), -SIGKILL);
    EXPECT_EQ(client.wait_exit(kDeadline), 1);
    const std::string err = client.read_all_stderr(kDeadline);
    EXPECT_NE(err.find("proactor-file-client: connection to 127.0.0.1:" +
                       std::to_string(server.port) + " closed before the transfer completed"),
              std::string::npos)
        << err;
  }
  const std::uint64_t kept = size_of(dir / "root/up.bin.part");
  ASSERT_GT(kept, kKillAfter);

  ServerProcess again(kFileServer, {"--root", root});
  ASSERT_NE(again.port, 0);
  const Finished resumed =
      run_client(again.port, {"put", (dir / "up.bin").string()}, kLongDeadline);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(resumed_at(resumed.out, "up.bin"), kept) << resumed.out;
  EXPECT_EQ(file_sha256(dir / "root/up.bin"), source);
  again.stop_and_expect_clean_exit();
}

TEST(FileResume, StalePartialsAreDetectedByTheirDigestAndStartOver)
{
  TempDir dir;
  const file::Digest source = write_pattern_file(dir / "f.bin", 3 * kMiB);
  const std::string root = make_root(dir);
  // Partials of something else, on both sides: resuming either would corrupt the file.
  write_pattern_file(fs::path(root) / "f.bin.part", kMiB, 42);
  write_pattern_file(dir / "copy.bin.part", kMiB, 43);
  ServerProcess server(kFileServer, {"--root", root});
  ASSERT_NE(server.port, 0);

  const Finished put = run_client(server.port, {"put", (dir / "f.bin").string()});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  EXPECT_TRUE(put.out.starts_with("the server's partial 'f.bin' does not match '" +
                                  (dir / "f.bin").string() + "'; starting over\n"))
      << put.out;
  EXPECT_EQ(file_sha256(fs::path(root) / "f.bin"), source);

  const Finished get = run_client(server.port, {"get", "f.bin", (dir / "copy.bin").string()});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_TRUE(get.out.starts_with("the partial '" + (dir / "copy.bin.part").string() +
                                  "' does not match 'f.bin' on the server; starting over\n"))
      << get.out;
  EXPECT_EQ(file_sha256(dir / "copy.bin"), source);

  // --restart ignores a partial without looking at it.
  write_pattern_file(dir / "copy.bin.part", kMiB);
  const Finished restart =
      run_client(server.port, {"--restart", "get", "f.bin", (dir / "copy.bin").string()});
  ASSERT_EQ(restart.exit_code, 0) << restart.err;
  EXPECT_EQ(restart.out.find("resuming"), std::string::npos) << restart.out;
  server.stop_and_expect_clean_exit();
}

}  // namespace
}  // namespace file_resume_test
}  // namespace proactor::test
