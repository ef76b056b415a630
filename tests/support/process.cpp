#include "process.hpp"

#include <utility>

// The platform-neutral part of ChildProcess; starting, signalling, reaping and reading a pipe
// are in process_posix.cpp and process_windows.cpp.
namespace proactor::test {

std::string bin_path(std::string_view name)
{
  std::string path = PROACTOR_BIN_DIR;
  path += '/';
  path += name;
  path += PROACTOR_EXE_SUFFIX;
  return path;
}

std::optional<std::string> ChildProcess::read_line(std::chrono::milliseconds timeout)
{
  const auto deadline = clock::now() + timeout;
  for (;;) {
    if (const auto end = stdout_buffer_.find('\n'); end != std::string::npos) {
      std::string line = stdout_buffer_.substr(0, end);
      stdout_buffer_.erase(0, end + 1);
      return line;
    }
    switch (read_some(stdout_fd_, stdout_buffer_, deadline)) {
      case ReadStatus::data:
        break;
      case ReadStatus::timeout:
        return std::nullopt;
      case ReadStatus::eof:
        if (stdout_buffer_.empty()) return std::nullopt;
        return std::exchange(stdout_buffer_, {});
    }
  }
}

std::string ChildProcess::read_all_stdout(std::chrono::milliseconds timeout)
{
  return read_all(stdout_fd_, stdout_buffer_, timeout);
}

std::string ChildProcess::read_all_stderr(std::chrono::milliseconds timeout)
{
  return read_all(stderr_fd_, stderr_buffer_, timeout);
}

std::string ChildProcess::read_all(int& fd, std::string& buffer, std::chrono::milliseconds timeout)
{
  const auto deadline = clock::now() + timeout;
  while (read_some(fd, buffer, deadline) == ReadStatus::data) {
  }
  return std::exchange(buffer, {});
}

void ChildProcess::close_stdin()
{
  close_fd(stdin_fd_);
}

void ChildProcess::close_pipes() noexcept
{
  close_fd(stdin_fd_);
  close_fd(stdout_fd_);
  close_fd(stderr_fd_);
}

}  // namespace proactor::test
