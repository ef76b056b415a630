#include "chat/chat_redis_asio_adapter.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <hiredis/async.h>
#include <memory>

namespace proactor::chat {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// The adapter's state. hiredis holds it through `Hooks` (ev.data); each pending wait holds
// it through `self`, so it outlives the context when a wait is still queued at cleanup.
class Watch : public std::enable_shared_from_this<Watch>
{
 public:
  Watch(redisAsyncContext* context, asio::io_context& io)
      : context_(context), descriptor_(io, context->c.fd)
  {}

  void want_read(bool on)
  {
    reading_ = on;
    if (on) arm(asio::posix::descriptor_base::wait_read);
  }

  void want_write(bool on)
  {
    writing_ = on;
    if (on) arm(asio::posix::descriptor_base::wait_write);
  }

  // hiredis is about to free the context and close the descriptor: let go of both.
  void cleanup()
  {
    context_ = nullptr;
    reading_ = writing_ = false;
    // release() deregisters and aborts pending waits without closing the descriptor.
    descriptor_.release();
  }

 private:
  void arm(asio::posix::descriptor_base::wait_type type)
  {
    const bool read = type == asio::posix::descriptor_base::wait_read;
    bool& waiting = read ? read_waiting_ : write_waiting_;
    if (waiting || !context_) return;  // hiredis's hooks must be idempotent
    waiting = true;
    descriptor_.async_wait(
        type, [self = shared_from_this(), read](error_code ec) { self->on_ready(read, ec); });
  }

  void on_ready(bool read, error_code ec)
  {
    (read ? read_waiting_ : write_waiting_) = false;
    if (ec || !context_) return;  // released, or the context is gone
    if (read && reading_) redisAsyncHandleRead(context_);
    if (!read && writing_) redisAsyncHandleWrite(context_);
    // Handling may have freed the context (cleanup ran) or dropped the interest.
    if (read && reading_) arm(asio::posix::descriptor_base::wait_read);
    if (!read && writing_) arm(asio::posix::descriptor_base::wait_write);
  }

  redisAsyncContext* context_;
  asio::posix::stream_descriptor descriptor_;
  bool reading_ = false;
  bool writing_ = false;
  bool read_waiting_ = false;
  bool write_waiting_ = false;
};

struct Hooks
{
  std::shared_ptr<Watch> watch;
};

Watch& watch_of(void* data)
{
  return *static_cast<Hooks*>(data)->watch;
}

void add_read(void* data)
{
  watch_of(data).want_read(true);
}

void del_read(void* data)
{
  watch_of(data).want_read(false);
}

void add_write(void* data)
{
  watch_of(data).want_write(true);
}

void del_write(void* data)
{
  watch_of(data).want_write(false);
}

void cleanup(void* data)
{
  auto* hooks = static_cast<Hooks*>(data);
  hooks->watch->cleanup();
  delete hooks;
}

}  // namespace

bool RedisAsioAdapter::attach(redisAsyncContext* context, asio::io_context& io)
{
  if (context->ev.data != nullptr) return false;
  auto* hooks = new Hooks{std::make_shared<Watch>(context, io)};
  context->ev.data = hooks;
  context->ev.addRead = add_read;
  context->ev.delRead = del_read;
  context->ev.addWrite = add_write;
  context->ev.delWrite = del_write;
  context->ev.cleanup = cleanup;
  return true;
}

}  // namespace proactor::chat
