#include "chat/chat_redis_backplane.hpp"

#include "chat/chat_backplane_message.hpp"
#include "chat/chat_cluster_directory.hpp"
#include "chat/chat_protocol.hpp"
#include "chat/chat_redis_asio_adapter.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <utility>

namespace proactor::chat {
namespace {

namespace asio = boost::asio;
using Kind = BackplaneMessage::Kind;
using Clock = std::chrono::steady_clock;

// KEYS[1] the nickname's key, ARGV[1] the node, ARGV[2] the TTL in ms. A free nickname, or
// one this node holds already, is (re)claimed with a fresh TTL: one script serves the first
// claim, the heartbeat's refresh and the re-claim after Redis lost its data.
constexpr const char* kClaimScript =
    "local v = redis.call('GET', KEYS[1]) "
    "if v == false or v == ARGV[1] then "
    "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end "
    "return 0";
// Deletes the key only if this node still holds it (it may have expired and been taken).
constexpr const char* kReleaseScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
    "return 0";

struct Address
{
  std::string unix_path;  // set for "unix:PATH"
  std::string host;
  int port = 0;
};

Address parse_address(const std::string& text)
{
  Address address;
  if (text.starts_with("unix:")) {
    address.unix_path = text.substr(5);
    if (address.unix_path.empty()) throw std::invalid_argument("--redis unix: needs a path");
    return address;
  }
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw std::invalid_argument("--redis wants unix:PATH or HOST:PORT, not '" + text + "'");
  address.host = text.substr(0, colon);
  const char* first = text.data() + colon + 1;
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(first, last, address.port);
  if (ec != std::errc{} || end != last || address.port < 1 || address.port > 65535)
    throw std::invalid_argument("--redis: bad port in '" + text + "'");
  return address;
}

// What to do with a command's reply; null reply: the connection went away first.
using Continuation = std::function<void(redisReply*)>;

}  // namespace

struct RedisBackplane::Impl
{
  Impl(RedisBackplaneConfig c, std::function<void(const std::string&)> l)
      : config(std::move(c)),
        address(parse_address(config.address)),
        log(std::move(l)),
        channel(config.prefix + ":bus"),
        directory(config.presence_ttl),
        backoff(config.retry_min)
  {}

  // ---- the backplane's thread only, from here to the atomics ----

  void connect()
  {
    retry_scheduled = false;
    if (stopping) return;
    pub = open();
    if (pub) sub = open();
    if (!pub || !sub) return fail();
  }

  redisAsyncContext* open()
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

  static void on_connect_cb(const redisAsyncContext* c, int status)
  {
    static_cast<Impl*>(c->data)->on_connect(c, status);
  }

  static void on_disconnect_cb(const redisAsyncContext* c, int status)
  {
    static_cast<Impl*>(c->data)->on_disconnect(c, status);
  }

  void on_connect(const redisAsyncContext* c, int status)
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
    redisAsyncCommand(sub, &Impl::on_bus_cb, nullptr, "SUBSCRIBE %b", channel.data(),
                      channel.size());
  }

  void on_disconnect(const redisAsyncContext* c, int /*status*/)
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

  void forget(const redisAsyncContext* c)
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
  void fail()
  {
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

  void close_links()
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

  void schedule_retry()
  {
    if (stopping || retry_scheduled) return;
    retry_scheduled = true;
    retry_timer.expires_after(backoff);
    backoff = std::min(backoff * 2, config.retry_max);
    retry_timer.async_wait([this](boost::system::error_code ec) {
      if (!ec) connect();
    });
  }

  void check_linked()
  {
    if (!pub_ready || !sub_ready || linked) return;
    linked = true;
    linked_flag.store(true);
    backoff = config.retry_min;
    if (reported_failure || told_down) {
      reconnects.fetch_add(1);
      log("linked to redis at " + config.address + " as node " + config.node_id);
    }
    reported_failure = false;
    publish_now(BackplaneMessage{Kind::sync, config.node_id, {}, {}, {}});
    announce();
    if (told_down) {
      told_down = false;
      listener->on_backplane_state(true);
    }
    first_attempt_over();
  }

  static void on_bus_cb(redisAsyncContext* c, void* r, void* /*privdata*/)
  {
    static_cast<Impl*>(c->data)->on_bus(static_cast<redisReply*>(r));
  }

  void on_bus(const redisReply* reply)
  {
    if (reply == nullptr || reply->type != REDIS_REPLY_ARRAY || reply->elements != 3) return;
    const std::string_view kind(reply->element[0]->str, reply->element[0]->len);
    if (kind == "subscribe") {
      sub_ready = true;
      return check_linked();
    }
    if (kind != "message" || reply->element[2]->type != REDIS_REPLY_STRING) return;
    BackplaneMessage message;
    if (!decode(std::string_view(reply->element[2]->str, reply->element[2]->len), message)) return;
    if (message.node == config.node_id) return;  // our own: delivered locally already
    received.fetch_add(1, std::memory_order_relaxed);
    const auto now = Clock::now();
    switch (message.kind) {
      case Kind::room_event:
        directory.apply(message.node, message.target, message.event, now);
        return listener->on_remote_room_event(message.target, message.event);
      case Kind::private_message:
        return listener->on_remote_private(message.target, std::get<PrivateEvent>(message.event));
      case Kind::presence:
        return directory.replace(message.node, message.members, now);
      case Kind::sync:
        return announce();  // a server (re)joined: tell it who is here
      case Kind::bye:
        return directory.forget(message.node);
    }
  }

  static void on_reply_cb(redisAsyncContext* c, void* r, void* privdata)
  {
    std::unique_ptr<Continuation> then(static_cast<Continuation*>(privdata));
    --static_cast<Impl*>(c->data)->pending;
    if (then && *then) (*then)(static_cast<redisReply*>(r));
  }

  // Sends one command on the publishing link; false (and the continuation not called) when
  // the link is down or too far behind.
  bool command(std::vector<std::string_view> args, Continuation then = {})
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
    ++pending;
    return true;
  }

  void publish_now(const BackplaneMessage& message) { publish_bytes(encode(message)); }

  void publish_bytes(const std::string& bytes)
  {
    if (command({"PUBLISH", channel, bytes})) published.fetch_add(1, std::memory_order_relaxed);
  }

  std::string nick_key(const std::string& nick) const
  {
    return config.prefix + ":nick:" + fold_name(nick);
  }

  // The heartbeat's work: our members to the bus, our nickname keys refreshed.
  void announce()
  {
    if (!linked) return;
    BackplaneMessage presence{Kind::presence, config.node_id, {}, {}, listener->local_presence()};
    const std::string ttl = std::to_string(config.presence_ttl.count());
    for (const Presence& member : presence.members)
      command({"EVAL", kClaimScript, "1", nick_key(member.nick), config.node_id, ttl});
    publish_now(presence);
  }

  void heartbeat()
  {
    const auto period = std::max(config.presence_ttl / 3, std::chrono::milliseconds(50));
    heartbeat_timer.expires_after(period);
    heartbeat_timer.async_wait([this, period](boost::system::error_code ec) {
      if (ec || stopping) return;
      // A tick that comes late means this thread (or process) was stalled: the others' news
      // may be waiting unread in the socket, so their silence proves nothing this time.
      const auto now = Clock::now();
      if (now - last_tick < period + config.presence_ttl / 3) directory.expire(now);
      last_tick = now;
      announce();
      heartbeat();
    });
  }

  void claim(const std::string& nick, Backplane::ClaimDone done)
  {
    const std::string ttl = std::to_string(config.presence_ttl.count());
    // Unlinked, or Redis too far behind: local-only, so the local check is all there is.
    if (!linked || pending >= config.max_pending) return done(true);
    command({"EVAL", kClaimScript, "1", nick_key(nick), config.node_id, ttl},
            [done](redisReply* reply) {
              // A lost link answers null: the server is local-only from now on.
              done(reply == nullptr || reply->type != REDIS_REPLY_INTEGER || reply->integer == 1);
            });
  }

  void release(const std::string& nick)
  {
    command({"EVAL", kReleaseScript, "1", nick_key(nick), config.node_id});
  }

  void shut_down()
  {
    stopping = true;
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

  void first_attempt_over()
  {
    std::lock_guard lock(first_mutex);
    first_attempt_done = true;
    first_cv.notify_all();
  }

  const RedisBackplaneConfig config;
  const Address address;
  const std::function<void(const std::string&)> log;
  const std::string channel;
  ClusterDirectory directory;  // thread safe
  BackplaneListener* listener = nullptr;

  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  asio::steady_timer retry_timer{io};
  asio::steady_timer heartbeat_timer{io};
  asio::steady_timer stop_timer{io};
  std::thread thread;

  // The backplane's thread only.
  redisAsyncContext* pub = nullptr;  // commands: PUBLISH, claims
  redisAsyncContext* sub = nullptr;  // SUBSCRIBE to the bus
  bool pub_ready = false;
  bool sub_ready = false;
  bool linked = false;
  bool told_down = false;         // the listener heard "lost" and waits for "back"
  bool reported_failure = false;  // the "cannot reach" line is out
  bool retry_scheduled = false;
  bool stopping = false;
  std::chrono::milliseconds backoff;
  std::size_t pending = 0;
  std::string last_error;
  Clock::time_point last_tick = Clock::now();

  std::mutex first_mutex;  // guards first_attempt_done
  std::condition_variable first_cv;
  bool first_attempt_done = false;

  std::atomic<std::uint64_t> published{0};
  std::atomic<std::uint64_t> received{0};
  std::atomic<std::uint64_t> dropped{0};
  std::atomic<std::uint64_t> reconnects{0};
  std::atomic<bool> linked_flag{false};
  std::atomic<bool> stopped{false};
};

RedisBackplane::RedisBackplane(RedisBackplaneConfig config,
                               std::function<void(const std::string&)> log)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(log)))
{}

RedisBackplane::~RedisBackplane()
{
  stop();
}

void RedisBackplane::start(BackplaneListener& listener, std::chrono::milliseconds first_attempt)
{
  Impl& impl = *impl_;
  impl.listener = &listener;
  impl.thread = std::thread([&impl] { impl.io.run(); });
  asio::post(impl.io, [&impl] {
    impl.connect();
    impl.heartbeat();
  });
  std::unique_lock lock(impl.first_mutex);
  impl.first_cv.wait_for(lock, first_attempt, [&impl] { return impl.first_attempt_done; });
}

void RedisBackplane::stop()
{
  Impl& impl = *impl_;
  if (impl.stopped.exchange(true) || !impl.thread.joinable()) return;
  asio::post(impl.io, [&impl] { impl.shut_down(); });
  impl.thread.join();
}

RedisBackplaneStats RedisBackplane::stats() const
{
  return {impl_->published.load(), impl_->received.load(), impl_->dropped.load(),
          impl_->reconnects.load(), impl_->linked_flag.load()};
}

std::size_t RedisBackplane::remote_nodes() const
{
  return impl_->directory.node_count();
}

void RedisBackplane::publish_room(const std::string& room, const Event& event)
{
  // Encoded on the caller's thread. Dispatched, not posted: on the backplane's own thread (a
  // claim's answer) a post would wait in Asio's thread-private queue until the handler ends,
  // and an I/O thread's later publish for the same session could overtake it.
  std::string bytes =
      encode(BackplaneMessage{Kind::room_event, impl_->config.node_id, room, event, {}});
  asio::dispatch(impl_->io, [impl = impl_.get(), b = std::move(bytes)] { impl->publish_bytes(b); });
}

void RedisBackplane::publish_private(const std::string& to, const PrivateEvent& event)
{
  std::string bytes =
      encode(BackplaneMessage{Kind::private_message, impl_->config.node_id, to, event, {}});
  asio::dispatch(impl_->io, [impl = impl_.get(), b = std::move(bytes)] { impl->publish_bytes(b); });
}

void RedisBackplane::claim_nick(const std::string& nick, ClaimDone done)
{
  asio::post(impl_->io, [impl = impl_.get(), nick, done = std::move(done)]() mutable {
    impl->claim(nick, std::move(done));
  });
}

void RedisBackplane::release_nick(const std::string& nick)
{
  asio::dispatch(impl_->io, [impl = impl_.get(), nick] { impl->release(nick); });
}

Presence RedisBackplane::find_remote(const std::string& nick) const
{
  return impl_->directory.find(nick);
}

std::vector<std::string> RedisBackplane::remote_users(const std::string& room) const
{
  return impl_->directory.users(room);
}

std::vector<RoomInfo> RedisBackplane::remote_rooms() const
{
  return impl_->directory.rooms();
}

std::string RedisBackplane::node_id() const
{
  return impl_->config.node_id;
}

std::string make_node_id()
{
  char host[64] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device random;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%04x", static_cast<unsigned>(random() & 0xffffu));
  return std::string(host[0] ? host : "node") + "-" + std::to_string(getpid()) + "-" + suffix;
}

}  // namespace proactor::chat
