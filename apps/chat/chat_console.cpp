#include "chat/chat_console.hpp"

#include "chat/chat_command.hpp"
#include "chat/chat_event.hpp"
#include "chat/chat_format.hpp"
#include "common/flag_parser.hpp"
#include <proactor/session/connector.hpp>
#include <proactor/session/dispatcher.hpp>

#include <boost/asio/post.hpp>

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

namespace proactor::chat {

ChatConsole::ChatConsole(ChatClientOptions options)
    : options_(std::move(options)), work_(io_.get_executor()), keepalive_(io_)
{
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  wake_read_ = fds[0];
  wake_write_ = fds[1];
}

ChatConsole::~ChatConsole()
{
  ::close(wake_read_);
  ::close(wake_write_);
}

int ChatConsole::run()
{
  std::thread io_thread([this] { io_.run(); });
  bool ok = false;
  try {
    ok = connect() && relay_stdin() && leave_and_drain();
  } catch (const std::exception& e) {
    fail(e.what());
  }
  if (ok) close_session();
  work_.reset();
  io_.stop();
  io_thread.join();

  if (ok) return 0;
  std::lock_guard lock(mutex_);
  print_error(options_, error_.value_or("failed"));
  return 1;
}

bool ChatConsole::connect()
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
  {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_until(lock, deadline, [this] { return connect_done_; })) {
      lock.unlock();
      fail("cannot connect to " + options_.address() + ": timed out");
      return false;
    }
    if (error_) return false;
  }
  boost::asio::post(io_, [this] { arm_keepalive(); });
  // Requests are handled in order, so the nickname is set before the join needs it.
  return send(HelloRequest{}) && send(NickRequest{options_.nick}) &&
         (options_.room.empty() || send(JoinRequest{options_.room}));
}

// Splits stdin into lines and handles each as it completes. Also wakes up when the
// connection ends, so a lost server is reported at once rather than at the next line typed.
bool ChatConsole::relay_stdin()
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
      std::string_view line = std::string_view(pending).substr(start, end - start);
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (const Step step = handle_line(line); step != Step::more) return step == Step::quit;
    }
    pending.erase(0, start);
  }
  // A last line without a newline is still a line.
  return handle_line(pending) != Step::failed;
}

ChatConsole::Step ChatConsole::handle_line(std::string_view line)
{
  Command command = parse_command(line);
  switch (command.kind) {
    case Command::Kind::nothing:
      return Step::more;
    case Command::Kind::send:
      return send(command.request) ? Step::more : Step::failed;
    case Command::Kind::quit:
      return Step::quit;
    case Command::Kind::help:
      print(command_help());
      return Step::more;
    case Command::Kind::invalid:
      print("! " + command.error);
      return Step::more;
  }
  return Step::more;
}

bool ChatConsole::send(const Request& request)
{
  Frame frame;
  try {
    frame = encode(request);
  } catch (const std::length_error&) {
    print("! that line is too long to send");
    return true;
  }
  SessionPtr session;
  {
    // Paces a fast stdin (a big file) to the server: wait while our queue is full.
    std::unique_lock lock(mutex_);
    const bool room = changed_.wait_until(lock, clock::now() + options_.timeout, [this] {
      return closed_ || !session_ || session_->writable();
    });
    if (closed_ || !session_) return false;  // on_close recorded why
    if (!room) {
      if (!error_)
        error_ = "the server takes nothing for " + apps::format_duration(options_.timeout);
      return false;
    }
    session = session_;
  }
  session->send(std::move(frame));
  return true;
}

// Pings, then leaves the room (if the server says we are in one) and pings again. A pong
// comes after the answers to everything sent before its ping, so once the last one is here
// nothing we asked for is still on its way. Bounded by `drain_wait` in all.
bool ChatConsole::leave_and_drain()
{
  const auto deadline = clock::now() + options_.drain_wait;
  const auto ping_and_wait = [&] {
    std::uint32_t token = 0;
    {
      std::lock_guard lock(mutex_);
      token = next_token_++;
    }
    if (!send(PingRequest{token})) return false;
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return closed_ || pong_token_ == token; }) &&
           !closed_;
  };
  const bool answered = ping_and_wait();
  bool in_room = false;
  {
    std::lock_guard lock(mutex_);
    // A server that went away meanwhile is an error; a slow one is not worth more waiting.
    if (closed_) return false;
    in_room = !room_.empty();
  }
  if (answered && in_room) {
    if (!send(LeaveRequest{})) return false;
    ping_and_wait();
  }
  std::lock_guard lock(mutex_);
  return !closed_;
}

// Closes gracefully: the session flushes, sends FIN and waits for the server's, all bounded
// by the session's own drain and linger deadlines.
void ChatConsole::close_session()
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

void ChatConsole::arm_keepalive()
{
  keepalive_.expires_after(options_.keepalive);
  keepalive_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;
    SessionPtr session;
    {
      std::lock_guard lock(mutex_);
      session = session_;
    }
    if (!session) return;
    session->send(encode(PingRequest{0}));
    arm_keepalive();
  });
}

void ChatConsole::print(std::string_view line)
{
  // Flushed so that a reader on a pipe sees every line as it happens.
  std::lock_guard lock(print_mutex_);
  std::cout << line << '\n' << std::flush;
}

void ChatConsole::fail(std::string message)
{
  std::lock_guard lock(mutex_);
  if (!error_) error_ = std::move(message);
}

void ChatConsole::on_open(const SessionPtr& session)
{
  std::lock_guard lock(mutex_);
  session_ = session;
}

void ChatConsole::on_frame(const SessionPtr& /*session*/, ConstBytes payload)
{
  Event event;
  if (parse(payload, event) != ErrorCode::none) return print("! a malformed event arrived");
  std::string nick;
  {
    std::lock_guard lock(mutex_);
    if (const auto* e = std::get_if<NickEvent>(&event);
        e && (e->old_nick.empty() || e->old_nick == nick_))
      nick_ = e->new_nick;
    if (const auto* e = std::get_if<JoinedEvent>(&event); e && e->nick == nick_) room_ = e->room;
    if (const auto* e = std::get_if<LeftEvent>(&event); e && e->nick == nick_ && e->room == room_)
      room_.clear();
    if (const auto* e = std::get_if<PongEvent>(&event); e && e->token != 0) {
      pong_token_ = e->token;
      changed_.notify_all();
    }
    nick = nick_;
  }
  if (const auto line = format_event(event, nick)) print(*line);
}

void ChatConsole::on_writable(const SessionPtr& /*session*/)
{
  std::lock_guard lock(mutex_);
  changed_.notify_all();
}

void ChatConsole::on_close(const SessionPtr& /*session*/, CloseReason reason,
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
  keepalive_.cancel();
  const char byte = 0;
  [[maybe_unused]] const auto written = ::write(wake_write_, &byte, 1);
}

}  // namespace proactor::chat
