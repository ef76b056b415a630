#pragma once

#include <proactor/net/bytes.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/frame.hpp>

#include <any>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace proactor {

class Session;
/// How applications and the framework hold a session. Pending I/O operations own the
/// session; anything else should keep a `std::weak_ptr` or only briefly a `SessionPtr`.
using SessionPtr = std::shared_ptr<Session>;
using SessionId = std::uint64_t;

/// One connection: a framed, ordered, bounded byte stream to a peer.
///
/// This is the face of a session that handlers see; it carries no Asio types. The work is
/// done by `BasicSession<Stream>` (session/basic_session.hpp), on one executor per session,
/// so a session's own callbacks never run concurrently.
class Session : public std::enable_shared_from_this<Session>
{
 public:
  virtual ~Session() = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// Unique id within the server (or connector) that made the session. Any thread.
  SessionId id() const noexcept { return id_; }

  /// Queues an encoded frame for sending; frames leave in the order they were queued from
  /// one thread. Thread safe: from another thread it posts to the session's executor; on
  /// the session's own thread it queues at once. It never runs a handler callback itself: a
  /// close it causes (hard cap) or a crossed watermark is reported by a posted callback.
  /// Dropped (and counted) once the session is closing.
  virtual void send(Frame frame) = 0;

  /// Like `send(frame)`, on behalf of `from`, the session whose input produced the frame (a
  /// chat message's speaker): while this session has more than its high watermark queued,
  /// counting frames still on their way to it, `from` stops reading (`hold_reading`) until
  /// this session drains to its low watermark or closes. The frame itself is always queued,
  /// so nothing is lost; a recipient that stops reading entirely is closed after
  /// `overflow_timeout`, which releases `from`. Thread safe.
  virtual void send(Frame frame, const SessionPtr& from) = 0;

  /// Frames `payload` with the session's codec and queues it; the bytes are copied before
  /// the call returns. Thread safe. From the session's own thread (its handlers with inline
  /// dispatch) a payload up to 16 KiB is framed straight into the write queue's pooled
  /// storage, with no allocation; otherwise it costs one allocation and a post.
  void send(ConstBytes payload) { send_payload(payload); }
  /// Like `send(ConstBytes)`, for text. Thread safe.
  void send(std::string_view payload) { send(as_bytes(payload)); }

  /// Stops reading, flushes what is queued (within the drain deadline), then closes with
  /// `CloseReason::local_close`. Thread safe; idempotent.
  virtual void close() = 0;

  /// Like `close()`, but the reason reported is `CloseReason::server_stopping`. Thread safe.
  virtual void stop() = 0;

  /// False from the moment the bytes queued for sending exceed the high watermark until
  /// they fall back to the low one. Thread safe; a hint that may change right after it is
  /// read. `Handler::on_unwritable` and `Handler::on_writable` report the changes.
  bool writable() const noexcept { return writable_.load(std::memory_order_relaxed); }

  /// The peer's address as "host:port" ("[v6]:port" for IPv6). Thread safe.
  const std::string& remote_address() const noexcept { return remote_address_; }

  /// The codec that frames this session's bytes. Thread safe (never changes).
  virtual const Codec& codec() const noexcept = 0;

  /// Per-session application state (a nickname, a room, ...). Touch it only from the thread
  /// that runs this session's handlers (they never run concurrently for one session).
  std::any& context() noexcept { return context_; }

  /// Stops reading after the current frame, until `resume_reading()` (flow control: e.g. a
  /// handler that cannot keep up). Thread safe; from the session's own handler it takes
  /// effect before the next frame.
  virtual void pause_reading() = 0;
  /// Resumes a paused read loop; frames already buffered are delivered first, by a posted
  /// call, never inside this one. Thread safe.
  virtual void resume_reading() = 0;
  /// Stops handing frames to the handler for good, while replies still go out: the first
  /// step of a server's stop with logic threads. Thread safe.
  virtual void stop_input() = 0;

  /// Stops reading on behalf of another session (flow control), until a matching
  /// `release_reading()`. Counted: reading resumes when every hold was released. Thread
  /// safe; on the session's own thread it takes effect before the next frame.
  virtual void hold_reading() = 0;
  /// Ends one `hold_reading()`; the last one resumes reading (posted, never inside this
  /// call). Thread safe.
  virtual void release_reading() = 0;

  /// A slot that belongs to the session's dispatcher (e.g. its handle on this session).
  /// Only the dispatcher touches it, on the session's executor.
  void*& dispatch_slot() noexcept { return dispatch_slot_; }

 protected:
  /// What `send(ConstBytes)` does; by default encodes into a new Frame and calls
  /// `send(Frame)`. A session type overrides it to frame in place where it can.
  virtual void send_payload(ConstBytes payload);

  Session(SessionId id, std::string remote_address)
      : id_(id), remote_address_(std::move(remote_address))
  {}

  void set_writable(bool writable) noexcept
  {
    writable_.store(writable, std::memory_order_relaxed);
  }

 private:
  SessionId id_;
  std::string remote_address_;
  std::atomic<bool> writable_{true};
  std::any context_;
  void* dispatch_slot_ = nullptr;
};

}  // namespace proactor
