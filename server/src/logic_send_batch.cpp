#include "logic_send_batch.hpp"

#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/post.hpp>

#include <cstring>
#include <utility>

namespace proactor {

namespace {

// Payloads up to this size are copied into the batch; a larger one goes the usual way (it
// is framed into its own buffer anyway, so batching it would only add a copy).
constexpr std::size_t kMaxBatchedPayload = 16 * 1024;
// A batch holding this much for one thread hands it over at once, so a handler that sends
// a lot in one batch neither waits long nor makes the vectors grow without bound.
constexpr std::size_t kHandOverBytes = 256 * 1024;
// Vectors grown past this by a burst are given back instead of kept for the next batch.
constexpr std::size_t kKeepBytes = 1024 * 1024;

}  // namespace

// Hands out the mailbox's slot when it is free and large enough, the heap otherwise. It
// holds the mailbox, so the slot outlives every operation that uses it.
template <class T>
class LogicSendBatch::SlotAllocator
{
 public:
  using value_type = T;

  explicit SlotAllocator(std::shared_ptr<Mailbox> box) noexcept : box_(std::move(box)) {}
  template <class U>
  SlotAllocator(const SlotAllocator<U>& other) noexcept : box_(other.box_)
  {}

  T* allocate(std::size_t n)
  {
    const std::size_t bytes = n * sizeof(T);
    if (bytes <= sizeof box_->slot && alignof(T) <= alignof(std::max_align_t) &&
        !box_->slot_busy.exchange(true, std::memory_order_acquire))
      return reinterpret_cast<T*>(box_->slot);
    return static_cast<T*>(::operator new(bytes));
  }
  void deallocate(T* p, std::size_t) noexcept
  {
    if (reinterpret_cast<std::byte*>(p) == box_->slot)
      box_->slot_busy.store(false, std::memory_order_release);
    else
      ::operator delete(p);
  }

  template <class U>
  bool operator==(const SlotAllocator<U>& other) const noexcept
  {
    return box_ == other.box_;
  }

 private:
  template <class U>
  friend class SlotAllocator;
  std::shared_ptr<Mailbox> box_;
};

void LogicSendBatch::Sends::clear() noexcept
{
  entries.clear();
  if (bytes.capacity() > kKeepBytes)
    std::vector<std::byte>().swap(bytes);
  else
    bytes.clear();
}

LogicSendBatch::LogicSendBatch(IoPool& io) : io_(io)
{
  mailboxes_.reserve(io.size());
  for (std::size_t i = 0; i < io.size(); ++i) mailboxes_.push_back(std::make_shared<Mailbox>());
  dirty_.reserve(io.size());
}

LogicSendBatch::~LogicSendBatch() = default;

std::size_t LogicSendBatch::index_of(const void* context) const noexcept
{
  // A handful of I/O threads: a linear look beats any map.
  for (std::size_t i = 0; i < io_.size(); ++i)
    if (static_cast<const void*>(&io_.at(i)) == context) return i;
  return IoPool::npos;
}

LogicSendBatch::Sends* LogicSendBatch::stage(const void* context)
{
  const std::size_t index = index_of(context);
  if (index == IoPool::npos) return nullptr;
  Sends& staged = mailboxes_[index]->staged;
  if (staged.empty()) dirty_.push_back(index);
  return &staged;
}

bool LogicSendBatch::add(const SessionPtr& session, const void* context, ConstBytes payload)
{
  if (payload.size() > kMaxBatchedPayload) return false;
  Sends* sends = stage(context);
  if (!sends) return false;
  const std::size_t offset = sends->bytes.size();
  sends->bytes.resize(offset + payload.size());
  if (!payload.empty()) std::memcpy(sends->bytes.data() + offset, payload.data(), payload.size());
  Entry& entry = sends->entries.emplace_back();
  entry.session = session;
  entry.offset = offset;
  entry.size = payload.size();
  if (sends->bytes.size() >= kHandOverBytes) flush();
  return true;
}

bool LogicSendBatch::add(const SessionPtr& session, const void* context, const Frame& frame)
{
  Sends* sends = stage(context);
  if (!sends) return false;
  Entry& entry = sends->entries.emplace_back();
  entry.session = session;
  entry.frame = frame;
  entry.framed = true;
  return true;
}

void LogicSendBatch::flush()
{
  for (const std::size_t index : dirty_) hand_over(index);
  dirty_.clear();
}

void LogicSendBatch::hand_over(std::size_t index)
{
  Mailbox& box = *mailboxes_[index];
  bool post = false;
  {
    const std::lock_guard lock(box.mutex);
    if (box.shared.empty()) {
      // The usual case: the last drain already took its sends; ours change places with
      // the emptied vectors it left, so nothing is copied or allocated.
      std::swap(box.shared, box.staged);
    } else {
      // The I/O thread has not drained the last hand-over yet: append behind it.
      const std::size_t base = box.shared.bytes.size();
      box.shared.bytes.insert(box.shared.bytes.end(), box.staged.bytes.begin(),
                              box.staged.bytes.end());
      for (Entry& entry : box.staged.entries) {
        if (!entry.framed) entry.offset += base;
        box.shared.entries.push_back(std::move(entry));
      }
    }
    post = !std::exchange(box.posted, true);
  }
  box.staged.clear();
  // The drain holds the mailbox, not the batch: a server that stops may run it after the
  // logic threads (and their batches) are gone.
  if (!post) return;
  const std::shared_ptr<Mailbox>& mailbox = mailboxes_[index];
  boost::asio::post(io_.at(index), boost::asio::bind_allocator(SlotAllocator<void>(mailbox),
                                                               [mailbox] { drain(*mailbox); }));
}

void LogicSendBatch::drain(Mailbox& box)
{
  {
    const std::lock_guard lock(box.mutex);
    std::swap(box.draining, box.shared);
    box.posted = false;
  }
  // On the sessions' own thread: each send is queued at once, in the order it was made.
  for (const Entry& entry : box.draining.entries) {
    if (entry.framed)
      entry.session->send(entry.frame);
    else
      entry.session->send(ConstBytes(box.draining.bytes.data() + entry.offset, entry.size));
  }
  box.draining.clear();
}

}  // namespace proactor
