#pragma once

#include "chat/chat_backplane.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace proactor::chat {

/// How a `RedisBackplane` reaches Redis and paces itself.
struct RedisBackplaneConfig
{
  /// "unix:PATH" or "HOST:PORT" (`--redis`).
  std::string address;
  /// This server's name in the cluster (`--node-id`); must differ between servers.
  std::string node_id;
  /// A server not heard from this long is gone, and so are its members and nicknames
  /// (`--presence-ttl`); the heartbeat runs every third of it.
  std::chrono::milliseconds presence_ttl{std::chrono::seconds(6)};
  /// Commands sent to Redis and not answered yet, at most; beyond it publishes are dropped
  /// and counted, so a stuck Redis cannot grow the server's memory.
  std::size_t max_pending = 10000;
  /// Commands in flight above which a session that publishes stops reading until Redis has
  /// answered half of them (flow control: a node that cannot publish fast enough slows its
  /// own senders instead of dropping their messages).
  std::size_t hold_pending = 1000;
  /// The longest a session is held for a Redis that does not answer; after it the session
  /// reads again and what does not fit is dropped and reported to it.
  std::chrono::milliseconds max_hold{std::chrono::seconds(2)};
  /// First and longest wait between connection attempts (doubling in between).
  std::chrono::milliseconds retry_min{std::chrono::milliseconds(100)};
  std::chrono::milliseconds retry_max{std::chrono::seconds(2)};  ///< see `retry_min`
  /// Prefix of the channel and keys, so that several clusters may share one Redis.
  std::string prefix = "proactor:chat";
};

/// Counters of a `RedisBackplane`.
struct RedisBackplaneStats
{
  std::uint64_t published = 0;   ///< messages handed to Redis
  std::uint64_t received = 0;    ///< messages from other servers
  std::uint64_t dropped = 0;     ///< publishes dropped: Redis unreachable or too far behind
  std::uint64_t holds = 0;       ///< sessions held while Redis was behind
  std::uint64_t reconnects = 0;  ///< links established after a failure
  bool linked = false;           ///< connected and subscribed now
};

/// The cluster's bus on Redis pub/sub (hiredis, driven from the backplane's own Asio
/// io_context thread by `RedisAsioAdapter`). One subscribed connection receives the channel
/// `PREFIX:bus`; a second one publishes and runs the nickname claims (`SET` with `NX`
/// semantics, `PX` = presence TTL, in a Lua script so a server may refresh its own claims).
/// Presence is a heartbeat: every TTL/3 each server publishes its members and refreshes its
/// nickname keys; a server silent for the TTL is forgotten by the others and its keys expire.
///
/// Redis absent or lost: the server runs local-only, says so through `log` (one line per
/// change), tells the listener (`on_backplane_state`), and reconnects with a capped backoff;
/// on reconnecting it resubscribes, re-claims its nicknames and asks every server for its
/// presence.
///
/// Threading: the public members are thread safe. Everything touching hiredis runs on the
/// backplane's thread (posted there), and the listener is called there only.
class RedisBackplane final : public Backplane
{
 public:
  /// A backplane for `config`, not started; `log` receives one line per state change, on the
  /// backplane's thread. Any thread.
  RedisBackplane(RedisBackplaneConfig config, std::function<void(const std::string&)> log);
  /// Stops (as `stop`).
  ~RedisBackplane() override;
  RedisBackplane(const RedisBackplane&) = delete;
  RedisBackplane& operator=(const RedisBackplane&) = delete;

  /// Starts the thread and the first connection attempt; `listener` must outlive `stop`.
  /// Then waits until that attempt ended (linked or failed) or `first_attempt` passed, so a
  /// server announces itself already linked when Redis is there. Call once; not from the
  /// backplane's thread.
  void start(BackplaneListener& listener,
             std::chrono::milliseconds first_attempt = std::chrono::seconds(2));
  /// Says goodbye on the bus (best effort, bounded), closes the connections and joins the
  /// thread. Idempotent; not from the backplane's thread.
  void stop();

  /// The counters now. Any thread.
  RedisBackplaneStats stats() const;
  /// Servers this one knows of besides itself. Any thread.
  std::size_t remote_nodes() const;

  /// True. Any thread.
  bool clustered() const noexcept override { return true; }
  /// Publishes `event` of `room`: `from` is held while `hold_pending` commands are in
  /// flight; dropped and counted when unlinked or at `max_pending`. Any thread.
  void publish_room(const std::string& room, const Event& event,
                    const SessionPtr& from = nullptr) override;
  /// Publishes a private message for `to`. Any thread.
  void publish_private(const std::string& to, const PrivateEvent& event,
                       const SessionPtr& from = nullptr) override;
  /// Claims `nick` in Redis; granted without asking while unlinked (local-only). `done` runs
  /// on the backplane's thread. Any thread.
  void claim_nick(const std::string& nick, ClaimDone done) override;
  /// Deletes `nick`'s key if this server holds it. Any thread.
  void release_nick(const std::string& nick) override;
  /// From the presence the other servers published. Any thread.
  Presence find_remote(const std::string& nick) const override;
  /// From the presence the other servers published. Any thread.
  std::vector<std::string> remote_users(const std::string& room) const override;
  /// From the presence the other servers published. Any thread.
  std::vector<RoomInfo> remote_rooms() const override;
  /// `config.node_id`. Any thread.
  std::string node_id() const override;

 private:
  struct Impl;
  void publish(std::string bytes, const SessionPtr& from);

  std::unique_ptr<Impl> impl_;
};

/// A node id unlikely to repeat: host name, process id and a random part. Any thread.
std::string make_node_id();

}  // namespace proactor::chat
