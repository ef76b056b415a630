#include "echo/echo_console.hpp"

#include <proactor/net/codec.hpp>
#include <proactor/session/connector.hpp>
#include <proactor/session/dispatcher.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <memory>
#include <poll.h>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace proactor::apps {

EchoConsole::EchoConsole(EchoClientOptions options)
    : options_(std::move(options)), work_(io_.get_executor())
{
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  wake_read_ = fds[0];
  wake_write_ = fds[1];
}

EchoConsole::~EchoConsole()
{
  ::close(wake_read_);
  ::close(wake_write_);
}

int EchoConsole::run()
{
  std::thread io_thread([this] { io_.run(); });
  bool ok = false;
  try {
    ok = connect() && relay_stdin() && await_replies();
  } catch (const std::exception& e) {
    fail(e.what());
  }
  // After a failure nothing is owed to the server: the socket just closes with the context.
  if (ok) close_session();
  work_.reset();
  io_.stop();
  io_thread.join();

  if (ok) return 0;
  std::lock_guard lock(mutex_);
  print_error(options_, error_.value_or("failed"));
  return 1;
}

bool EchoConsole::connect()
{
  async_connect(io_, options_.connect_options(), std::make_shared<InlineDispatcher>(*this),
                [this](boost::system::error_code ec, const SessionPtr&) {
                  if (ec) fail("cannot connect to " + options_.address() + ": " + ec.message());
                  std::lock_guard lock(mutex_);
                  connect_done_ = true;
                  changed_.notify_all();
                });
  // The connector enforces the timeout; the margin only guards against a lost callback.
  const auto deadline = clock::now() + options_.timeout + std::chrono::seconds(1);
  std::unique_lock lock(mutex_);
  if (!changed_.wait_until(lock, deadline, [this] { return connect_done_; })) {
    lock.unlock();
    fail("cannot connect to " + options_.address() + ": timed out");
    return false;
  }
  return !error_;
}

// Splits stdin into lines and sends each as it completes. Also wakes up when the connection
// ends, so a lost server is reported at once rather than at the next line typed.
bool EchoConsole::relay_stdin()
{
  std::string pending;
  char chunk[4096];
  for (;;) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {wake_read_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      fail(std::string("cannot wait for stdin: ") + std::strerror(errno));
      return false;
    }
    if (fds[1].revents != 0) return false;  // on_close recorded why

    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      fail(std::string("cannot read stdin: ") + std::strerror(errno));
      return false;
    }
    if (n == 0) break;
    pending.append(chunk, static_cast<std::size_t>(n));

    std::size_t start = 0;
    for (std::size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1) {
      if (!send_line(std::string_view(pending).substr(start, end - start))) return false;
    }
    pending.erase(0, start);
  }
  // A last line without a newline is still a line.
  return pending.empty() || send_line(pending);
}

bool EchoConsole::send_line(std::string_view line)
{
  Frame frame;
  try {
    frame = encode(options_.codec, line);
  } catch (const std::length_error&) {
    fail("a line of " + std::to_string(line.size()) + " bytes does not fit the framing (" +
         describe(options_.codec) + ")");
    return false;
  }
  SessionPtr session;
  {
    // Paces a fast stdin (a big file) to the replies; see max_in_flight_bytes().
    std::unique_lock lock(mutex_);
    const bool room = changed_.wait_until(lock, clock::now() + options_.timeout, [&] {
      return closed_ || in_flight_.empty() ||
             in_flight_bytes_ + frame.size() <= options_.max_in_flight_bytes();
    });
    if (closed_) return false;  // on_close recorded why
    if (!room) {
      if (!error_) error_ = "no reply for " + format_duration(options_.timeout);
      return false;
    }
    session = session_;
    in_flight_.push_back(frame.size());
    in_flight_bytes_ += frame.size();
    ++sent_;
  }
  session->send(std::move(frame));
  return true;
}

bool EchoConsole::await_replies()
{
  const auto deadline = clock::now() + options_.timeout;
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, deadline, [this] { return received_ >= sent_ || closed_; });
  if (received_ >= sent_) return true;
  if (!closed_ && !error_)
    error_ = "timed out after " + format_duration(options_.timeout) + " waiting for replies (" +
             std::to_string(received_) + " of " + std::to_string(sent_) + " arrived)";
  return false;
}

// Closes gracefully: the session flushes, sends FIN and waits for the server's, all bounded
// by the session's own drain and linger deadlines.
void EchoConsole::close_session()
{
  SessionPtr session;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    session = session_;
  }
  if (!session) return;
  session->close();
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, clock::now() + options_.timeout, [this] { return closed_; });
}

void EchoConsole::fail(std::string message)
{
  std::lock_guard lock(mutex_);
  if (!error_) error_ = std::move(message);
}

void EchoConsole::on_open(const SessionPtr& session)
{
  std::lock_guard lock(mutex_);
  session_ = session;
}

void EchoConsole::on_frame(const SessionPtr& /*session*/, ConstBytes payload)
{
  // Only this thread writes to stdout; flushed so that a reader on a pipe sees every reply.
  std::cout << as_string_view(payload) << '\n' << std::flush;
  std::lock_guard lock(mutex_);
  // Replies come in the order the frames went; this one answers the oldest.
  if (!in_flight_.empty()) {
    in_flight_bytes_ -= in_flight_.front();
    in_flight_.pop_front();
  }
  ++received_;
  changed_.notify_all();
}

void EchoConsole::on_close(const SessionPtr& /*session*/, CloseReason reason,
                           boost::system::error_code ec)
{
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    session_.reset();
    if (!closing_ && !error_) {
      error_ = "connection to " + options_.address() + " closed: " + std::string(to_string(reason));
      if (ec) *error_ += ": " + ec.message();
    }
    changed_.notify_all();
  }
  const char byte = 0;
  [[maybe_unused]] const auto ignored = ::write(wake_write_, &byte, 1);
}

}  // namespace proactor::apps
