#pragma once

#include <proactor/net/bytes.hpp>
#include <proactor/session/close_reason.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/session.hpp>

#include <boost/system/error_code.hpp>

namespace proactor {

/// Where a session delivers its events: either straight to the application's `Handler`
/// (`InlineDispatcher`) or through the server's job queue to logic threads. All calls come
/// from the session's executor.
class Dispatcher
{
 public:
  virtual ~Dispatcher() = default;

  /// The session starts. Called once, before any frame.
  virtual void on_open(const SessionPtr& session) = 0;
  /// A frame arrived. Return false when it cannot be taken now: the session then leaves
  /// the frame buffered, stops reading, and delivers it again after `resume_reading()`.
  virtual bool on_frame(const SessionPtr& session, ConstBytes payload) = 0;
  /// The session handed over every frame of one read: a queueing dispatcher publishes them
  /// in one go (the logic pool once per reactor cycle, for all of the thread's sessions).
  virtual void flush() {}
  /// The session's queue crossed its high watermark (see `Handler::on_unwritable`).
  virtual void on_unwritable(const SessionPtr& session) = 0;
  /// The session became writable again (see `Handler::on_writable`).
  virtual void on_writable(const SessionPtr& session) = 0;
  /// The session closed. Called once, last.
  virtual void on_close(const SessionPtr& session, CloseReason reason,
                        boost::system::error_code ec) = 0;
};

/// Runs the handler on the session's I/O thread. The handler must outlive every session.
class InlineDispatcher final : public Dispatcher
{
 public:
  /// Wraps `handler`. Any thread.
  explicit InlineDispatcher(Handler& handler) noexcept : handler_(handler) {}

  void on_open(const SessionPtr& session) override { handler_.on_open(session); }
  bool on_frame(const SessionPtr& session, ConstBytes payload) override
  {
    handler_.on_frame(session, payload);
    return true;
  }
  void on_unwritable(const SessionPtr& session) override { handler_.on_unwritable(session); }
  void on_writable(const SessionPtr& session) override { handler_.on_writable(session); }
  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override
  {
    handler_.on_close(session, reason, ec);
  }

 private:
  Handler& handler_;
};

}  // namespace proactor
