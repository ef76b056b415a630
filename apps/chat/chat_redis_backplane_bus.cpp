#include "chat/chat_protocol.hpp"
#include "chat/chat_redis_backplane_impl.hpp"

#include <algorithm>
#include <utility>

// What RedisBackplane carries: bus messages, presence heartbeats, nickname claims.
namespace proactor::chat {
namespace {

using Kind = BackplaneMessage::Kind;

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

}  // namespace

void RedisBackplane::Impl::on_bus_cb(redisAsyncContext* c, void* r, void* /*privdata*/)
{
  static_cast<Impl*>(c->data)->on_bus(static_cast<redisReply*>(r));
}

void RedisBackplane::Impl::on_bus(const redisReply* reply)
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

void RedisBackplane::Impl::publish_now(const BackplaneMessage& message)
{
  publish_bytes(encode(message));
}

void RedisBackplane::Impl::publish_bytes(const std::string& bytes, const SessionPtr& from,
                                         bool hold)
{
  if (command({"PUBLISH", channel, bytes}))
    published.fetch_add(1, std::memory_order_relaxed);
  else if (from && linked)
    listener->on_not_published(from);  // unlinked, everyone already heard `degraded`
  if (hold) adopt_hold(from);
}

void RedisBackplane::Impl::adopt_hold(const SessionPtr& from)
{
  if (!linked || pending * 2 <= config.hold_pending) return from->release_reading();
  if (std::find(held.begin(), held.end(), from) != held.end()) return from->release_reading();
  held.push_back(from);
  holds.fetch_add(1, std::memory_order_relaxed);
  if (held.size() > 1) return;
  hold_timer.expires_after(config.max_hold);
  hold_timer.async_wait([this](boost::system::error_code ec) {
    if (!ec) release_holds();
  });
}

void RedisBackplane::Impl::release_holds()
{
  hold_timer.cancel();
  for (const SessionPtr& session : std::exchange(held, {})) session->release_reading();
}

std::string RedisBackplane::Impl::nick_key(const std::string& nick) const
{
  return config.prefix + ":nick:" + fold_name(nick);
}

// The heartbeat's work: our members to the bus, our nickname keys refreshed.
void RedisBackplane::Impl::announce()
{
  if (!linked) return;
  BackplaneMessage presence{Kind::presence, config.node_id, {}, {}, listener->local_presence()};
  const std::string ttl = std::to_string(config.presence_ttl.count());
  for (const Presence& member : presence.members)
    command({"EVAL", kClaimScript, "1", nick_key(member.nick), config.node_id, ttl});
  publish_now(presence);
}

void RedisBackplane::Impl::heartbeat()
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

void RedisBackplane::Impl::claim(const std::string& nick, Backplane::ClaimDone done)
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

void RedisBackplane::Impl::release(const std::string& nick)
{
  command({"EVAL", kReleaseScript, "1", nick_key(nick), config.node_id});
}

}  // namespace proactor::chat
