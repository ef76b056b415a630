#pragma once

#include <proactor/net/bytes.hpp>
#include <proactor/net/frame.hpp>
#include <proactor/session/session.hpp>

namespace proactor {

/// Collects the sends one thread makes to sessions that live on other threads, so that
/// they cross over in one post per destination thread instead of one post (and one
/// allocation) each. The logic pool installs one on each logic thread while it runs a
/// batch of jobs; a session's `send` joins the calling thread's batch when there is one.
///
/// Order: before any other call that crosses threads (`close`, `pause_reading`, a send the
/// batch declined, ...) a session flushes the calling thread's batch, so nothing overtakes
/// the sends it holds; the batch delivers them in the order they were added.
class SendBatch
{
 public:
  virtual ~SendBatch() = default;

  /// The batch installed on the calling thread, or null. Any thread.
  static SendBatch* current() noexcept;

  /// Takes a send of `payload` (copied before the call returns) to `session`, which runs on
  /// the execution context `context`. False when the batch declines it (too large, a
  /// context it does not serve): the caller then flushes and sends the usual way. The
  /// installing thread only.
  virtual bool add(const SessionPtr& session, const void* context, ConstBytes payload) = 0;
  /// Like the payload overload, for an encoded frame (shared, not copied).
  virtual bool add(const SessionPtr& session, const void* context, const Frame& frame) = 0;
  /// Hands everything held over to the threads it is for. The installing thread only.
  virtual void flush() = 0;

  /// Installs a batch on the calling thread for the scope's life (they do not nest).
  class Scope
  {
   public:
    explicit Scope(SendBatch& batch) noexcept;
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
  };
};

/// Flushes the calling thread's send batch, if it has one. Any thread.
inline void flush_send_batch()
{
  if (SendBatch* batch = SendBatch::current()) batch->flush();
}

}  // namespace proactor
