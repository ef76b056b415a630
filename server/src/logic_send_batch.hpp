#pragma once

#include <proactor/server/io_pool.hpp>
#include <proactor/session/send_batch.hpp>

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace proactor {

/// A logic thread's send batch: the replies of one batch of jobs go to each I/O thread in
/// one post, their payloads packed into one byte vector, so a cross-thread reply costs no
/// allocation and no post of its own. In steady state the vectors circulate between the
/// logic thread, the mailbox and the I/O thread without being reallocated.
class LogicSendBatch final : public SendBatch
{
 public:
  /// Serves the sessions of `io`'s contexts. `io` must outlive the batch. Any thread.
  explicit LogicSendBatch(IoPool& io);
  ~LogicSendBatch() override;

  // SendBatch: the logic thread that installed this batch only.
  bool add(const SessionPtr& session, const void* context, ConstBytes payload) override;
  bool add(const SessionPtr& session, const void* context, const Frame& frame) override;
  void flush() override;

 private:
  struct Entry
  {
    SessionPtr session;
    Frame frame;             // an encoded frame, or
    std::size_t offset = 0;  // a payload in `bytes`
    std::size_t size = 0;
    bool framed = false;
  };
  struct Sends
  {
    std::vector<Entry> entries;
    std::vector<std::byte> bytes;
    bool empty() const noexcept { return entries.empty(); }
    void clear() noexcept;
  };
  // Between this logic thread and one I/O thread.
  struct Mailbox
  {
    Sends staged;  // logic thread only
    std::mutex mutex;
    Sends shared;         // under mutex: handed over, not yet taken
    bool posted = false;  // under mutex: a drain is on its way to the I/O thread
    Sends draining;       // I/O thread only
    // The memory of the drain's post: one drain at a time is on its way, so one slot is
    // enough, and a post costs no allocation (Asio would take it on this thread and give it
    // back on the I/O thread's, so its own recycling would never hit).
    std::atomic<bool> slot_busy{false};
    alignas(std::max_align_t) std::byte slot[256];
  };
  template <class T>
  class SlotAllocator;

  std::size_t index_of(const void* context) const noexcept;
  Sends* stage(const void* context);
  void hand_over(std::size_t index);
  static void drain(Mailbox& box);

  IoPool& io_;
  std::vector<std::shared_ptr<Mailbox>> mailboxes_;
  std::vector<std::size_t> dirty_;  // mailboxes with staged sends, logic thread only
};

}  // namespace proactor
