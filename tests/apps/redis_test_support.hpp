#pragma once

// A real redis-server for the cluster tests: on a Unix socket in a fresh temporary directory
// (no TCP port, so parallel tests never clash), without persistence, killed and restarted on
// the same socket when a test asks. Also finds the external programs the tests need.

#include "loopback_client.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace proactor::test {

/// The full path of program `name` on PATH (or in /usr/sbin, where Debian puts haproxy), or
/// empty when it is not installed.
inline std::string find_program(std::string_view name)
{
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  path += ":/usr/sbin:/usr/local/sbin";
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find(':', start), path.size());
    const std::filesystem::path candidate =
        std::filesystem::path(path.substr(start, end - start)) / std::string(name);
    if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return {};
}

/// A fresh directory under /tmp, removed with its contents when the object goes.
class ScratchDir
{
 public:
  ScratchDir()
  {
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    // Short: a Unix socket path must fit in 108 bytes.
    path_ = std::filesystem::path("/tmp") /
            ("proactor-redis-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
             "-" + std::to_string(random() % 100000));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir()
  {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  /// A path inside the directory.
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// redis-server on `socket()`; `start()` waits for its "ready to accept connections" line.
/// Not thread safe; one owner (the test).
class RedisProcess
{
 public:
  /// The redis-server binary, or empty (tests then skip).
  static std::string binary() { return find_program("redis-server"); }

  /// Starts Redis; false (after a test failure) if it did not come up within kDeadline.
  bool start()
  {
    std::error_code ignored;
    std::filesystem::remove(socket(), ignored);  // a killed server leaves its socket behind
    process_ = std::make_unique<ChildProcess>();
    process_->start(
        binary(), {"--port", "0", "--unixsocket", socket(), "--unixsocketperm", "700", "--save", "",
                   "--appendonly", "no", "--dir", dir_ / "", "--loglevel", "notice"});
    for (int lines = 0; lines < 200; ++lines) {
      const auto line = process_->read_line(kDeadline);
      if (!line) break;
      if (line->find("eady to accept connections") != std::string::npos) return true;
    }
    ADD_FAILURE() << "redis-server did not come up";
    return false;
  }

  /// Kills Redis at once (SIGKILL), as a crash would, and reaps it.
  void kill()
  {
    if (!process_) return;
    process_->send_signal(SIGKILL);
    process_->wait_exit(kDeadline);
    process_.reset();
  }

  /// Freezes (SIGSTOP) or thaws (SIGCONT) Redis: a stuck broker.
  void freeze(bool frozen)
  {
    if (process_) process_->send_signal(frozen ? SIGSTOP : SIGCONT);
  }

  /// The socket path.
  std::string socket() const { return dir_ / "redis.sock"; }
  /// "unix:PATH", as `--redis` takes it.
  std::string address() const { return "unix:" + socket(); }

 private:
  ScratchDir dir_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace proactor::test
