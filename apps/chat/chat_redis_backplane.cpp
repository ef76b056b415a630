#include "chat/chat_redis_backplane.hpp"

#include "chat/chat_redis_backplane_impl.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <charconv>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <unistd.h>
#include <utility>

namespace proactor::chat {
namespace {

namespace asio = boost::asio;
using Kind = BackplaneMessage::Kind;

}  // namespace

RedisAddress parse_redis_address(const std::string& text)
{
  RedisAddress address;
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

RedisBackplane::Impl::Impl(RedisBackplaneConfig c, std::function<void(const std::string&)> l)
    : config(std::move(c)),
      address(parse_redis_address(config.address)),
      log(std::move(l)),
      channel(config.prefix + ":bus"),
      directory(config.presence_ttl),
      backoff(config.retry_min)
{}

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
  return {impl_->published.load(), impl_->received.load(),   impl_->dropped.load(),
          impl_->holds.load(),     impl_->reconnects.load(), impl_->linked_flag.load()};
}

std::size_t RedisBackplane::remote_nodes() const
{
  return impl_->directory.node_count();
}

void RedisBackplane::publish_room(const std::string& room, const Event& event,
                                  const SessionPtr& from)
{
  publish(encode(BackplaneMessage{Kind::room_event, impl_->config.node_id, room, event, {}}), from);
}

void RedisBackplane::publish_private(const std::string& to, const PrivateEvent& event,
                                     const SessionPtr& from)
{
  publish(encode(BackplaneMessage{Kind::private_message, impl_->config.node_id, to, event, {}}),
          from);
}

void RedisBackplane::publish(std::string bytes, const SessionPtr& from)
{
  // Decided on the caller's thread, so that the sender stops before its next request;
  // publishes still on their way to the backplane's thread count as pending.
  const std::size_t ahead = impl_->pending_now.load(std::memory_order_relaxed) +
                            impl_->inbound.fetch_add(1, std::memory_order_relaxed);
  const bool hold = from && ahead >= impl_->config.hold_pending;
  if (hold) from->hold_reading();
  // Encoded on the caller's thread. Dispatched, not posted: on the backplane's own thread (a
  // claim's answer) a post would wait in Asio's thread-private queue until the handler ends,
  // and an I/O thread's later publish for the same session could overtake it.
  asio::dispatch(impl_->io, [impl = impl_.get(), b = std::move(bytes), from, hold] {
    impl->inbound.fetch_sub(1, std::memory_order_relaxed);
    impl->publish_bytes(b, from, hold);
  });
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
