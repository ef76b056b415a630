#pragma once

#include "common/stdin_reader.hpp"

#include <proactor/net/bytes.hpp>
#include <proactor/session/close_reason.hpp>
#include <proactor/session/connector.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/session.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace proactor::apps {

/// A line-oriented console client over `async_connect`: connects (bounded by the connect
/// timeout), hands each stdin line to `on_line`, and at stdin's end (or when a line asks to
/// quit) calls `on_input_end`, then closes gracefully. A lost connection wakes the stdin
/// reader at once and is reported as one line on stderr.
///
/// Two threads: the caller of `run()` reads stdin and runs `on_connected`, `on_line` and
/// `on_input_end`; an I/O thread runs the session and the handler callbacks (`on_frame`,
/// which the derived class implements, and `on_disconnected`). State the two share is
/// guarded by `lock_state()`; waits on it wake whenever the connection ends or the run is
/// given up (`give_up`).
class ConsoleClient : public Handler
{
 public:
  /// Where to connect and how to report.
  struct Settings
  {
    /// The program's name, which starts the error line printed to stderr.
    std::string program;
    /// The target; `connect.timeout` also bounds the graceful close.
    ConnectOptions connect;
    /// Drops a '\r' before each '\n', so that CRLF input gives the same lines as LF input.
    bool strip_cr = false;
  };

  /// Prepares a client with `settings`. Connects nothing yet. Throws if no pipe is left.
  explicit ConsoleClient(Settings settings);
  /// After `run()` returned.
  ~ConsoleClient() override;
  ConsoleClient(const ConsoleClient&) = delete;
  ConsoleClient& operator=(const ConsoleClient&) = delete;

  /// Connects, relays stdin, finishes and closes. Returns 0 when every step succeeded; else
  /// prints the first failure as one line to stderr and returns 1. Blocks; call once.
  int run();

  /// Records the session. I/O thread.
  void on_open(const SessionPtr& session) final;
  /// Wakes a waiting sender. I/O thread.
  void on_writable(const SessionPtr& session) final;
  /// Records the end of the connection, calls `on_disconnected` and wakes the stdin reader.
  /// I/O thread.
  void on_close(const SessionPtr& session, CloseReason reason, boost::system::error_code ec) final;

 protected:
  using clock = std::chrono::steady_clock;
  using Lock = std::unique_lock<std::mutex>;

  /// What relaying stdin does after a line.
  enum class Step : std::uint8_t
  {
    /// Read on.
    more,
    /// Stop reading and finish as at stdin's end.
    quit,
    /// Stop; `run()` fails with the error recorded by `fail`.
    failed,
  };

  /// Runs once connected, before stdin is read; false fails the run. Caller of `run()`.
  virtual bool on_connected() { return true; }
  /// Handles one stdin line (without its '\n'). Caller of `run()`.
  virtual Step on_line(std::string_view line) = 0;
  /// Runs at stdin's end or after `Step::quit`, before the close; false fails the run.
  /// Caller of `run()`.
  virtual bool on_input_end() { return true; }
  /// Runs when the connection has ended, after the state recorded it. I/O thread.
  virtual void on_disconnected() {}

  /// Locks the state shared by the two threads, this class's and the derived class's.
  /// Either thread.
  Lock lock_state() { return Lock(mutex_); }
  /// Waits on `lock` until `ready()` holds or the connection has ended (or the run was given
  /// up); false when `deadline` passed first. `ready()` runs under the lock. Caller of
  /// `run()`.
  template <class Ready>
  bool wait_until(Lock& lock, clock::time_point deadline, Ready ready)
  {
    return changed_.wait_until(lock, deadline, [&] { return closed(lock) || ready(); });
  }
  /// As `wait_until`, with no deadline. Caller of `run()`.
  template <class Ready>
  void wait(Lock& lock, Ready ready)
  {
    changed_.wait(lock, [&] { return closed(lock) || ready(); });
  }
  /// Wakes the waits after a change to the shared state. Under `lock_state()`; either thread.
  void notify(const Lock& /*lock*/) { changed_.notify_all(); }
  /// True once the connection has ended or the run was given up. Under `lock_state()`;
  /// either thread.
  bool closed(const Lock& /*lock*/) const { return closed_ || given_up_; }
  /// The open session; null before it opened and after it closed. Under `lock_state()`;
  /// either thread.
  const SessionPtr& current_session(const Lock& /*lock*/) const { return session_; }
  /// Records `message` as the run's failure unless one is recorded already. Under
  /// `lock_state()`; either thread.
  void fail(const Lock& lock, std::string message);
  /// As `fail(lock, message)`, taking the lock itself. Either thread.
  void fail(std::string message);
  /// Ends the run now: records `message` as with `fail`, then wakes the stdin reader and the
  /// waits, so that `run()` returns 1 without the graceful close (the server is not worth
  /// waiting for). Either thread; not under `lock_state()`.
  void give_up(std::string message);
  /// Prints `line` to stdout, flushed, one whole line at a time. Either thread.
  void print(std::string_view line);
  /// The context the I/O thread runs, for the derived class's timers. Either thread.
  boost::asio::io_context& io() noexcept { return io_; }

 private:
  bool connect();
  bool relay_stdin();
  void close_session();

  Settings settings_;
  std::string address_;  // the target, as messages name it
  // Declared before the session so that it is destroyed after it.
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;

  std::mutex print_mutex_;  // one line at a time on stdout

  std::mutex mutex_;  // guards the members up to error_
  std::condition_variable changed_;
  SessionPtr session_;
  bool connect_done_ = false;
  bool closed_ = false;
  bool closing_ = false;              // we asked for the close
  bool given_up_ = false;             // give_up() ended the run
  std::optional<std::string> error_;  // the first failure, printed when run() fails

  // The I/O thread wakes it when the connection ends, so a lost server is reported at once.
  StdinReader stdin_;
};

}  // namespace proactor::apps
