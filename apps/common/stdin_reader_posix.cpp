#include "common/stdin_reader.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <system_error>
#include <unistd.h>

namespace proactor::apps {

// A pipe the waking thread writes to, so that poll returns.
struct StdinReader::Impl
{
  int wake_read = -1;
  int wake_write = -1;
};

StdinReader::StdinReader() : impl_(std::make_shared<Impl>())
{
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  impl_->wake_read = fds[0];
  impl_->wake_write = fds[1];
}

StdinReader::~StdinReader()
{
  ::close(impl_->wake_read);
  ::close(impl_->wake_write);
}

StdinReader::Result StdinReader::read(std::string& into, std::string& error)
{
  char chunk[4096];
  for (;;) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {impl_->wake_read, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      error = std::string("cannot wait for stdin: ") + std::strerror(errno);
      return Result::failed;
    }
    if (fds[1].revents != 0) return Result::woken;

    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      error = std::string("cannot read stdin: ") + std::strerror(errno);
      return Result::failed;
    }
    if (n == 0) return Result::eof;
    into.append(chunk, static_cast<std::size_t>(n));
    return Result::data;
  }
}

void StdinReader::wake() noexcept
{
  const char byte = 0;
  [[maybe_unused]] const auto written = ::write(impl_->wake_write, &byte, 1);
}

}  // namespace proactor::apps
