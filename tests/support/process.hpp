#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace proactor::test {

/// The path of program `name` as this build tree produced it (PROACTOR_BIN_DIR + "/" + name).
std::string bin_path(std::string_view name);

/// A child process with pipes on its stdin, stdout and stderr: how app tests run the real
/// programs. POSIX fork/exec (process_posix.cpp) or Windows CreateProcess
/// (process_windows.cpp, where SIGINT/SIGTERM set the child's stop event).
///
/// Every wait takes a timeout and gives up at its deadline; nothing sleeps to synchronise.
/// The destructor kills (SIGKILL) and reaps a child that is still running, so a failed
/// assertion never leaves a process behind. Not thread safe; one owner (the test), with one
/// exception: `write_stdin` and `close_stdin` touch the stdin pipe only, so one other thread
/// may feed a child's stdin while the owner reads its output (a child that writes while it
/// reads would otherwise block against a test that does one at a time).
class ChildProcess
{
 public:
  /// A handle with no process yet; call `start`.
  ChildProcess() = default;
  /// Kills (SIGKILL) and reaps the child if it is still running; closes the pipes.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Runs `path` with `args` as argv[1..]. Throws std::system_error if it cannot be started,
  /// including when exec fails (e.g. no such file). Call once.
  void start(const std::string& path, const std::vector<std::string>& args);

  /// The next line of the child's stdout, without its '\n'; a last line without '\n' counts.
  /// Nullopt at EOF or when `timeout` passes first.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  /// Everything left on the child's stdout, up to EOF or until `timeout` passes.
  std::string read_all_stdout(std::chrono::milliseconds timeout);
  /// Everything on the child's stderr, up to EOF or until `timeout` passes.
  std::string read_all_stderr(std::chrono::milliseconds timeout);

  /// Writes all of `data` to the child's stdin; throws std::system_error on a write error
  /// or when the child does not take it within `timeout`.
  void write_stdin(std::string_view data,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10));
  /// Closes the child's stdin, so it reads EOF.
  void close_stdin();

  /// Sends `signal` (e.g. SIGINT) to the child if it is still running.
  void send_signal(int signal);

  /// Waits for the child to exit: its exit code, or -N when killed by signal N; nullopt if
  /// it is still running when `timeout` passes.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

  /// The child's process id; 0 before `start`.
  pid_t pid() const noexcept { return pid_; }

 private:
  using clock = std::chrono::steady_clock;
  enum class ReadStatus
  {
    data,
    eof,
    timeout
  };

  static ReadStatus read_some(int& fd, std::string& into, clock::time_point deadline);
  std::string read_all(int& fd, std::string& buffer, std::chrono::milliseconds timeout);
  bool reap(bool block);
  void close_pipes() noexcept;
  // Closes one of our pipe ends (a descriptor; on Windows a C runtime one) and sets it to -1.
  static void close_fd(int& fd) noexcept;

  pid_t pid_ = 0;
  std::optional<int> exit_code_;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  void* process_handle_ = nullptr;  // Windows: the child's process handle; unused on POSIX
  std::string stdout_buffer_;
  std::string stderr_buffer_;
};

}  // namespace proactor::test
