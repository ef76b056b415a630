#include "common/console_client.hpp"

#include "common/messages.hpp"
#include <proactor/session/dispatcher.hpp>

#include <exception>
#include <iostream>
#include <memory>
#include <thread>
#include <utility>

namespace proactor::apps {

ConsoleClient::ConsoleClient(Settings settings)
    : settings_(std::move(settings)),
      address_(format_address(settings_.connect.host, settings_.connect.port)),
      work_(io_.get_executor())
{}

ConsoleClient::~ConsoleClient() = default;

int ConsoleClient::run()
{
  std::thread io_thread([this] { io_.run(); });
  bool ok = false;
  try {
    ok = connect() && on_connected() && relay_stdin() && on_input_end();
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
  print_error(settings_.program, error_.value_or("failed"));
  return 1;
}

bool ConsoleClient::connect()
{
  async_connect(io_, settings_.connect, std::make_shared<InlineDispatcher>(*this),
                [this](boost::system::error_code ec, const SessionPtr&) {
                  if (ec) fail("cannot connect to " + address_ + ": " + ec.message());
                  std::lock_guard lock(mutex_);
                  connect_done_ = true;
                  changed_.notify_all();
                });
  // The connector enforces the timeout; the margin only guards against a lost callback.
  const auto deadline = clock::now() + settings_.connect.timeout + std::chrono::seconds(1);
  std::unique_lock lock(mutex_);
  if (!changed_.wait_until(lock, deadline, [this] { return connect_done_; })) {
    lock.unlock();
    fail("cannot connect to " + address_ + ": timed out");
    return false;
  }
  return !error_;
}

// Splits stdin into lines and hands each over as it completes. Also wakes up when the
// connection ends, so a lost server is reported at once rather than at the next line typed.
bool ConsoleClient::relay_stdin()
{
  std::string pending;
  for (;;) {
    std::string error;
    const auto result = stdin_.read(pending, error);
    if (result == StdinReader::Result::woken) return false;  // on_close recorded why
    if (result == StdinReader::Result::failed) {
      fail(error);
      return false;
    }
    if (result == StdinReader::Result::eof) break;

    std::size_t start = 0;
    for (std::size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1) {
      std::string_view line = std::string_view(pending).substr(start, end - start);
      if (settings_.strip_cr && line.ends_with('\r')) line.remove_suffix(1);
      if (const Step step = on_line(line); step != Step::more) return step == Step::quit;
    }
    pending.erase(0, start);
  }
  // A last line without a newline is still a line.
  return pending.empty() || on_line(pending) != Step::failed;
}

// Closes gracefully: the session flushes, sends FIN and waits for the server's, all bounded
// by the session's own drain and linger deadlines.
void ConsoleClient::close_session()
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
  changed_.wait_until(lock, clock::now() + settings_.connect.timeout, [this] { return closed_; });
}

void ConsoleClient::fail(const Lock& /*lock*/, std::string message)
{
  if (!error_) error_ = std::move(message);
}

void ConsoleClient::fail(std::string message)
{
  const Lock lock(mutex_);
  fail(lock, std::move(message));
}

void ConsoleClient::give_up(std::string message)
{
  {
    const Lock lock(mutex_);
    fail(lock, std::move(message));
    given_up_ = true;
    changed_.notify_all();
  }
  stdin_.wake();
}

void ConsoleClient::print(std::string_view line)
{
  // Flushed so that a reader on a pipe sees every line as it happens.
  std::lock_guard lock(print_mutex_);
  std::cout << line << '\n' << std::flush;
}

void ConsoleClient::on_open(const SessionPtr& session)
{
  std::lock_guard lock(mutex_);
  session_ = session;
}

void ConsoleClient::on_writable(const SessionPtr& /*session*/)
{
  std::lock_guard lock(mutex_);
  changed_.notify_all();
}

void ConsoleClient::on_close(const SessionPtr& /*session*/, CloseReason reason,
                             boost::system::error_code ec)
{
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    session_.reset();
    if (!closing_ && !error_) {
      error_ = "connection to " + address_ + " closed: " + std::string(to_string(reason));
      if (ec) *error_ += ": " + ec.message();
    }
    changed_.notify_all();
  }
  on_disconnected();
  stdin_.wake();
}

}  // namespace proactor::apps
