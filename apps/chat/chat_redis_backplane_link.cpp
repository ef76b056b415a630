#include "chat/chat_redis_asio_adapter.hpp"
#include "chat/chat_redis_backplane_impl.hpp"

#include <algorithm>
#include <utility>

// RedisBackplane's two connections: connecting, failing, retrying, and the bounded commands.
namespace proactor::chat {
namespace {

using Kind = BackplaneMessage::Kind;

}  // namespace

void RedisBackplane::Impl::connect()
{
  retry_scheduled = false;
  if (stopping) return;
  pub = open();
  if (pub) sub = open();
  if (!pub || !sub) return fail();
}

redisAsyncContext* RedisBackplane::Impl::open()
{
  redisAsyncContext* c = address.unix_path.empty()
                             ? redisAsyncConnect(address.host.c_str(), address.port)
                             : redisAsyncConnectUnix(address.unix_path.c_str());
  if (c == nullptr) {
    last_error = "out of memory";
    return nullptr;
  }
  if (c->err) {
    last_error = c->errstr;
    redisAsyncFree(c);
    return nullptr;
  }
  c->data = this;
  RedisAsioAdapter::attach(c, io);  // before the connect callback, which asks to write
  redisAsyncSetDisconnectCallback(c, &Impl::on_disconnect_cb);
  redisAsyncSetConnectCallback(c, &Impl::on_connect_cb);
  return c;
}

void RedisBackplane::Impl::on_connect_cb(const redisAsyncContext* c, int status)
{
  static_cast<Impl*>(c->data)->on_connect(c, status);
}

void RedisBackplane::Impl::on_disconnect_cb(const redisAsyncContext* c, int status)
{
  static_cast<Impl*>(c->data)->on_disconnect(c, status);
}

void RedisBackplane::Impl::on_connect(const redisAsyncContext* c, int status)
{
  if (c != pub && c != sub) return;  // one we let go already
  if (status != REDIS_OK) {
    last_error = c->errstr;
    forget(c);  // hiredis frees it after this callback
    return fail();
  }
  if (c == pub) {
    pub_ready = true;
    return check_linked();
  }
  redisAsyncCommand(sub, &Impl::on_bus_cb, nullptr, "SUBSCRIBE %b", channel.data(), channel.size());
}

void RedisBackplane::Impl::on_disconnect(const redisAsyncContext* c, int /*status*/)
{
  if (c != pub && c != sub) return;
  last_error = c->err ? c->errstr : "connection closed";
  forget(c);
  if (stopping) {
    stop_timer.cancel();
    return;
  }
  fail();
}

void RedisBackplane::Impl::forget(const redisAsyncContext* c)
{
  if (c == pub) {
    pub = nullptr;
    pub_ready = false;
  }
  if (c == sub) {
    sub = nullptr;
    sub_ready = false;
  }
}

// One of the links failed: run local-only, close the other link, try again later.
void RedisBackplane::Impl::fail()
{
  release_holds();  // nothing is waiting on Redis any more
  if (stopping) return;
  if (linked) {
    linked = false;
    linked_flag.store(false);
    told_down = true;
    directory.clear();
    log("lost redis at " + config.address + " (" + last_error +
        "): rooms are local-only until it is back; reconnecting");
    listener->on_backplane_state(false);
  } else if (!reported_failure) {
    reported_failure = true;
    log("cannot reach redis at " + config.address + " (" + last_error +
        "): running local-only, retrying");
  }
  close_links();
  first_attempt_over();
  schedule_retry();
}

void RedisBackplane::Impl::close_links()
{
  // Untracked before freed: the disconnect callback this may run then ignores them.
  if (redisAsyncContext* c = std::exchange(sub, nullptr)) {
    sub_ready = false;
    redisAsyncFree(c);
  }
  if (redisAsyncContext* c = std::exchange(pub, nullptr)) {
    pub_ready = false;
    redisAsyncFree(c);  // runs pending reply callbacks with a null reply
  }
}

void RedisBackplane::Impl::schedule_retry()
{
  if (stopping || retry_scheduled) return;
  retry_scheduled = true;
  retry_timer.expires_after(backoff);
  backoff = std::min(backoff * 2, config.retry_max);
  retry_timer.async_wait([this](boost::system::error_code ec) {
    if (!ec) connect();
  });
}

void RedisBackplane::Impl::check_linked()
{
  if (!pub_ready || !sub_ready || linked) return;
  linked = true;
  backoff = config.retry_min;
  if (reported_failure || told_down) {
    reconnects.fetch_add(1);
    log("linked to redis at " + config.address + " as node " + config.node_id);
  }
  // Last: whoever sees `stats().linked` may rely on the line and the count above.
  linked_flag.store(true);
  reported_failure = false;
  publish_now(BackplaneMessage{Kind::sync, config.node_id, {}, {}, {}});
  announce();
  if (told_down) {
    told_down = false;
    listener->on_backplane_state(true);
  }
  first_attempt_over();
}

void RedisBackplane::Impl::on_reply_cb(redisAsyncContext* c, void* r, void* privdata)
{
  std::unique_ptr<Continuation> then(static_cast<Continuation*>(privdata));
  auto* impl = static_cast<Impl*>(c->data);
  impl->pending_now.store(--impl->pending, std::memory_order_relaxed);
  if (!impl->held.empty() && impl->pending * 2 <= impl->config.hold_pending) impl->release_holds();
  if (then && *then) (*then)(static_cast<redisReply*>(r));
}

// Sends one command on the publishing link; false (and the continuation not called) when
// the link is down or too far behind.
bool RedisBackplane::Impl::command(std::vector<std::string_view> args, Continuation then)
{
  if (!pub_ready || pending >= config.max_pending) {
    dropped.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (std::string_view arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  auto* continuation = then ? new Continuation(std::move(then)) : nullptr;
  if (redisAsyncCommandArgv(pub, &Impl::on_reply_cb, continuation, static_cast<int>(argv.size()),
                            argv.data(), lengths.data()) != REDIS_OK) {
    delete continuation;
    dropped.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  pending_now.store(++pending, std::memory_order_relaxed);
  return true;
}

void RedisBackplane::Impl::shut_down()
{
  stopping = true;
  release_holds();
  retry_timer.cancel();
  heartbeat_timer.cancel();
  if (linked) publish_now(BackplaneMessage{Kind::bye, config.node_id, {}, {}, {}});
  linked = false;
  linked_flag.store(false);
  if (redisAsyncContext* c = std::exchange(sub, nullptr)) {
    sub_ready = false;
    redisAsyncFree(c);
  }
  if (pub != nullptr) {
    // Graceful: the goodbye and every queued command go out first, within a deadline.
    redisAsyncDisconnect(pub);  // frees at once (pub becomes null) when nothing is queued
  }
  if (pub != nullptr) {
    stop_timer.expires_after(std::chrono::milliseconds(500));
    stop_timer.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      if (redisAsyncContext* c = std::exchange(pub, nullptr)) redisAsyncFree(c);
    });
  }
  first_attempt_over();
  work.reset();
}

void RedisBackplane::Impl::first_attempt_over()
{
  std::lock_guard lock(first_mutex);
  first_attempt_done = true;
  first_cv.notify_all();
}

}  // namespace proactor::chat
