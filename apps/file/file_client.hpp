#pragma once

#include "file/file_client_options.hpp"
#include "file/file_message.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/close_reason.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/session.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace proactor::file {

/// What the three commands of the client share: connect, hand the server's events to the
/// command, end with exactly one outcome, and report it. A command derives from it and
/// implements `prepare`, `start` and `on_event`.
///
/// One thread: `run()` runs the connection's io_context, so every callback, and the
/// command's blocking local file I/O, happens on the caller's thread. That costs nothing
/// here: the program has one connection and nothing else to serve while a read or write
/// blocks.
class FileClient : public Handler
{
 public:
  /// Prepares a client for `options`, which must outlive it. Connects nothing yet.
  explicit FileClient(const FileClientOptions& options);

  /// Prepares, connects, runs the command to its end. Returns 0 when it completed (and a
  /// transfer verified); else prints the first failure as one line to stderr and returns 1.
  /// Blocks; call once.
  int run();

  /// Records the session and starts the command. Inside `run()`.
  void on_open(const SessionPtr& session) final;
  /// Parses a server event and hands it to the command; an `error` event fails the run.
  /// Inside `run()`.
  void on_frame(const SessionPtr& session, ConstBytes payload) final;
  /// Lets the command send more. Inside `run()`.
  void on_writable(const SessionPtr& session) final;
  /// Fails the run if the connection ended before the command did. Inside `run()`.
  void on_close(const SessionPtr& session, CloseReason reason, boost::system::error_code ec) final;

 protected:
  /// Local work before connecting (open and hash a file); false fails the run after `fail`.
  virtual bool prepare() { return true; }
  /// Sends the command's request.
  virtual void start(Session& session) = 0;
  /// Handles an event other than `error`.
  virtual void on_event(Session& session, Event& event) = 0;
  /// Handles an `error` event the command can recover from; false (the default) fails the
  /// run with the server's text.
  virtual bool on_error(Session& /*session*/, const ErrorEvent& /*error*/) { return false; }
  /// The session drained below its low watermark.
  virtual void resume(Session& /*session*/) {}
  /// The connection ended; cancel timers so that `run()` can return.
  virtual void stop() {}

  /// Ends the run successfully: closes the connection gracefully.
  void succeed(Session& session);
  /// Ends the run with `message` (the first failure wins) and closes the connection.
  void fail(std::string message);
  /// Sends `request` on `session`.
  static void send(Session& session, const Request& request);
  /// Prints `line` and a newline to stdout, flushed.
  static void print(std::string_view line);
  /// Writes `text` to stderr as it is (progress), flushed.
  static void show(std::string_view text);

  /// The connection's context, for the command's timers.
  boost::asio::io_context& io() noexcept { return io_; }
  /// The command line.
  const FileClientOptions& options() const noexcept { return options_; }

 private:
  const FileClientOptions& options_;
  boost::asio::io_context io_;
  SessionPtr session_;
  bool done_ = false;
  std::optional<std::string> error_;
};

}  // namespace proactor::file
