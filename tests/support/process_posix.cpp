// ChildProcess on POSIX: fork/exec, pipes, signals, waitpid.
#include "process.hpp"

#include <cerrno>
#include <climits>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace proactor::test {
namespace {

using clock = std::chrono::steady_clock;

// waitpid cannot wait with a timeout, so wait_exit looks again this often.
constexpr int kReapIntervalMs = 5;

[[noreturn]] void throw_errno(const std::string& what)
{
  throw std::system_error(errno, std::generic_category(), what);
}

void close_descriptor(int& fd) noexcept
{
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// The fds of the pipes being set up; whatever start() did not hand over is closed.
struct Pipes
{
  int fds[8] = {-1, -1, -1, -1, -1, -1, -1, -1};

  Pipes()
  {
    // Close-on-exec, so that a sibling started later does not hold these open.
    for (int i = 0; i < 8; i += 2) {
      if (::pipe2(fds + i, O_CLOEXEC) != 0) throw_errno("pipe2");
    }
  }
  ~Pipes()
  {
    for (int& fd : fds) close_descriptor(fd);
  }
  Pipes(const Pipes&) = delete;
  Pipes& operator=(const Pipes&) = delete;

  int& stdin_read() { return fds[0]; }
  int& stdin_write() { return fds[1]; }
  int& stdout_read() { return fds[2]; }
  int& stdout_write() { return fds[3]; }
  int& stderr_read() { return fds[4]; }
  int& stderr_write() { return fds[5]; }
  int& status_read() { return fds[6]; }
  int& status_write() { return fds[7]; }
};

void set_nonblocking(int fd)
{
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) throw_errno("fcntl");
}

// Milliseconds left until `deadline`, for poll(); 0 once it has passed.
int remaining_ms(clock::time_point deadline)
{
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now()).count();
  if (left <= 0) return 0;
  return left > INT_MAX ? INT_MAX : static_cast<int>(left);
}

// Waits until `fd` is ready for `events` or `deadline` passes; false on timeout.
bool poll_until(int fd, short events, clock::time_point deadline)
{
  for (;;) {
    pollfd entry{fd, events, 0};
    const int ready = ::poll(&entry, 1, remaining_ms(deadline));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) throw_errno("poll");
  }
}

}  // namespace

ChildProcess::~ChildProcess()
{
  if (pid_ != 0 && !exit_code_) {
    ::kill(pid_, SIGKILL);
    try {
      reap(true);
    } catch (const std::system_error&) {
      // Nothing left to reap; the destructor must not throw.
    }
  }
  close_pipes();
}

void ChildProcess::start(const std::string& path, const std::vector<std::string>& args)
{
  if (pid_ != 0) throw std::logic_error("ChildProcess::start called twice");
  // A child that exits while we write to its stdin must fail the write, not kill the test.
  ::signal(SIGPIPE, SIG_IGN);

  Pipes pipes;
  // Built before fork: the child may only make async-signal-safe calls until exec.
  std::vector<std::string> strings{path};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) throw_errno("fork");
  if (pid == 0) {
    ::dup2(pipes.stdin_read(), STDIN_FILENO);
    ::dup2(pipes.stdout_write(), STDOUT_FILENO);
    ::dup2(pipes.stderr_write(), STDERR_FILENO);
    // The program starts as from a shell: default SIGPIPE, no blocked signals.
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    const int code = errno;
    [[maybe_unused]] const auto ignored = ::write(pipes.status_write(), &code, sizeof code);
    ::_exit(127);
  }
  pid_ = pid;

  // The status pipe closes at a successful exec (close-on-exec) or carries exec's errno.
  close_fd(pipes.status_write());
  int code = 0;
  ssize_t n = 0;
  do {
    n = ::read(pipes.status_read(), &code, sizeof code);
  } while (n < 0 && errno == EINTR);
  if (n == static_cast<ssize_t>(sizeof code)) {
    reap(true);
    throw std::system_error(code, std::generic_category(), "cannot run " + path);
  }

  stdin_fd_ = std::exchange(pipes.stdin_write(), -1);
  stdout_fd_ = std::exchange(pipes.stdout_read(), -1);
  stderr_fd_ = std::exchange(pipes.stderr_read(), -1);
  for (const int fd : {stdin_fd_, stdout_fd_, stderr_fd_}) set_nonblocking(fd);
}

void ChildProcess::write_stdin(std::string_view data, std::chrono::milliseconds timeout)
{
  if (stdin_fd_ < 0) throw std::logic_error("the child's stdin is closed");
  const auto deadline = clock::now() + timeout;
  while (!data.empty()) {
    if (!poll_until(stdin_fd_, POLLOUT, deadline))
      throw std::system_error(std::make_error_code(std::errc::timed_out), "write to child stdin");
    const ssize_t n = ::write(stdin_fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      throw_errno("write to child stdin");
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void ChildProcess::send_signal(int signal)
{
  // An exited child stays a zombie until reaped, so its pid cannot have been reused.
  if (pid_ != 0 && !exit_code_) ::kill(pid_, signal);
}

std::optional<int> ChildProcess::wait_exit(std::chrono::milliseconds timeout)
{
  if (pid_ == 0) throw std::logic_error("ChildProcess::wait_exit before start");
  const auto deadline = clock::now() + timeout;
  while (!reap(false)) {
    if (clock::now() >= deadline) return std::nullopt;
    ::poll(nullptr, 0, kReapIntervalMs);
  }
  return exit_code_;
}

ChildProcess::ReadStatus ChildProcess::read_some(int& fd, std::string& into,
                                                 clock::time_point deadline)
{
  while (fd >= 0) {
    if (!poll_until(fd, POLLIN, deadline)) return ReadStatus::timeout;
    char chunk[4096];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n > 0) {
      into.append(chunk, static_cast<std::size_t>(n));
      return ReadStatus::data;
    }
    if (n == 0) break;
    if (errno != EINTR && errno != EAGAIN) throw_errno("read from child");
  }
  close_fd(fd);
  return ReadStatus::eof;
}

bool ChildProcess::reap(bool block)
{
  if (exit_code_) return true;
  int status = 0;
  pid_t result = 0;
  do {
    result = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (result < 0 && errno == EINTR);
  if (result < 0) throw_errno("waitpid");
  if (result == 0) return false;
  exit_code_ = WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
  return true;
}

void ChildProcess::close_fd(int& fd) noexcept
{
  close_descriptor(fd);
}

}  // namespace proactor::test
