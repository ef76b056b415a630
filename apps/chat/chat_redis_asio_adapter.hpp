#pragma once

struct redisAsyncContext;

namespace boost::asio {
class io_context;
}

namespace proactor::chat {

/// Runs a hiredis async context on an Asio `io_context`: hiredis says when it wants to read
/// or write (its `ev.addRead/delRead/addWrite/delWrite/cleanup` hooks) and the adapter turns
/// that interest into `async_wait(wait_read|wait_write)` on the context's descriptor, calling
/// `redisAsyncHandleRead/Write` when it is ready. No thread, no polling, no blocking call.
///
/// The descriptor belongs to hiredis: the adapter never closes it, it releases it from Asio
/// when hiredis cleans up (just before hiredis closes it). Pending waits hold the adapter's
/// state, not the context, and do nothing once the context is gone.
///
/// Threading: the context, the hooks and the waits all live on the thread running `io`; call
/// `attach` there, and touch the context nowhere else.
class RedisAsioAdapter
{
 public:
  /// Hooks `context` (fresh from `redisAsyncConnect*`, no error) to `io`; false if it already
  /// has an event library. Call before `redisAsyncSetConnectCallback`, which asks for the
  /// first write event. The thread running `io`.
  static bool attach(redisAsyncContext* context, boost::asio::io_context& io);
};

}  // namespace proactor::chat
