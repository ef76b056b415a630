#pragma once

#include <proactor/net/bytes.hpp>
#include <proactor/session/close_reason.hpp>
#include <proactor/session/session.hpp>

#include <boost/system/error_code.hpp>

namespace proactor {

/// Everything an application implements: the callbacks of its sessions.
///
/// Which thread calls them: with inline dispatch (`logic_threads = 0`, and every client
/// connection) the session's I/O thread; with queued dispatch (`logic_threads = M`) the one
/// logic thread the session is sharded to. Either way the callbacks of one session never
/// run concurrently and come in this order: `on_open`, then `on_frame` per frame in arrival
/// order (and `on_unwritable`/`on_writable` as they happen), then `on_close` exactly once.
/// No callback ever runs inside a call the application made (`send`, `close`,
/// `resume_reading`, ...): what such a call causes is posted and runs after it returned, so
/// a handler may make those calls while it holds its own lock. Callbacks of different
/// sessions may run concurrently when there are several threads, so state shared across
/// sessions needs a lock unless there is exactly one thread.
class Handler
{
 public:
  virtual ~Handler() = default;

  /// A session was accepted (or connected) and is about to read.
  virtual void on_open(const SessionPtr& /*session*/) {}

  /// One complete frame's payload arrived. `payload` is valid only during the call; copy
  /// what you keep. Reply with `session->send(...)`.
  virtual void on_frame(const SessionPtr& session, ConstBytes payload) = 0;

  /// The session's queued bytes exceeded the high watermark: its peer reads slower than it
  /// is sent to. Sessions that sent to it with `send(frame, from)` are held meanwhile.
  virtual void on_unwritable(const SessionPtr& /*session*/) {}

  /// The session's queued bytes fell back to the low watermark after having exceeded the
  /// high watermark: a paused producer may resume.
  virtual void on_writable(const SessionPtr& /*session*/) {}

  /// The session has closed, for `reason`; `ec` carries the detail (an Asio error for
  /// `io_error`, a `proactor::error` for the framework's own reasons, empty for a clean
  /// close). The last callback of the session; `send` now drops.
  virtual void on_close(const SessionPtr& /*session*/, CloseReason /*reason*/,
                        boost::system::error_code /*ec*/)
  {}
};

}  // namespace proactor
