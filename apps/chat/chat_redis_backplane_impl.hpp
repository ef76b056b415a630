#pragma once

// The inside of RedisBackplane, shared by its three source files: chat_redis_backplane.cpp
// (the public members), chat_redis_backplane_link.cpp (the two hiredis connections: connect,
// fail, retry, commands) and chat_redis_backplane_bus.cpp (what travels on them: bus messages,
// presence, nickname claims). Private to those files; includes hiredis.

#include "chat/chat_backplane_message.hpp"
#include "chat/chat_cluster_directory.hpp"
#include "chat/chat_redis_backplane.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace proactor::chat {

/// Where Redis is: a Unix socket path, or a host and port.
struct RedisAddress
{
  std::string unix_path;  ///< set for "unix:PATH"
  std::string host;       ///< set for "HOST:PORT"
  int port = 0;           ///< set for "HOST:PORT"
};

/// Parses `--redis`: "unix:PATH" or "HOST:PORT"; throws std::invalid_argument with a
/// readable reason. Any thread.
RedisAddress parse_redis_address(const std::string& text);

/// RedisBackplane's state. Everything but the atomics, the directory, the first-attempt
/// handshake and the thread handle belongs to the backplane's thread.
struct RedisBackplane::Impl
{
  /// What to do with a command's reply; a null reply: the connection went away first.
  using Continuation = std::function<void(redisReply*)>;
  /// The clock of the presence TTL.
  using Clock = std::chrono::steady_clock;

  Impl(RedisBackplaneConfig c, std::function<void(const std::string&)> l);

  void connect();
  redisAsyncContext* open();
  static void on_connect_cb(const redisAsyncContext* c, int status);
  static void on_disconnect_cb(const redisAsyncContext* c, int status);
  void on_connect(const redisAsyncContext* c, int status);
  void on_disconnect(const redisAsyncContext* c, int /*status*/);
  void forget(const redisAsyncContext* c);
  // One of the links failed: run local-only, close the other link, try again later.
  void fail();
  void close_links();
  void schedule_retry();
  void check_linked();
  static void on_bus_cb(redisAsyncContext* c, void* r, void* /*privdata*/);
  void on_bus(const redisReply* reply);
  static void on_reply_cb(redisAsyncContext* c, void* r, void* privdata);
  // Sends one command on the publishing link; false (and the continuation not called) when
  // the link is down or too far behind.
  bool command(std::vector<std::string_view> args, Continuation then = {});
  void publish_now(const BackplaneMessage& message);
  void publish_bytes(const std::string& bytes, const SessionPtr& from = nullptr, bool held = false);
  // Flow control: `from` was held on its own thread because Redis was behind; keep it held
  // until Redis caught up (or max_hold passed, or the link went away).
  void adopt_hold(const SessionPtr& from);
  void release_holds();
  std::string nick_key(const std::string& nick) const;
  // The heartbeat's work: our members to the bus, our nickname keys refreshed.
  void announce();
  void heartbeat();
  void claim(const std::string& nick, Backplane::ClaimDone done);
  void release(const std::string& nick);
  void shut_down();
  void first_attempt_over();

  const RedisBackplaneConfig config;
  const RedisAddress address;
  const std::function<void(const std::string&)> log;
  const std::string channel;
  ClusterDirectory directory;  // thread safe
  BackplaneListener* listener = nullptr;

  boost::asio::io_context io{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  boost::asio::steady_timer retry_timer{io};
  boost::asio::steady_timer heartbeat_timer{io};
  boost::asio::steady_timer stop_timer{io};
  boost::asio::steady_timer hold_timer{io};
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
  std::vector<SessionPtr> held;  // sessions held until Redis catches up
  std::string last_error;
  Clock::time_point last_tick = Clock::now();

  std::mutex first_mutex;  // guards first_attempt_done
  std::condition_variable first_cv;
  bool first_attempt_done = false;

  std::atomic<std::uint64_t> published{0};
  std::atomic<std::uint64_t> received{0};
  std::atomic<std::uint64_t> dropped{0};
  std::atomic<std::uint64_t> holds{0};
  std::atomic<std::size_t> pending_now{0};  // `pending`, for the hold decision on other threads
  std::atomic<std::size_t> inbound{0};      // publishes on their way to the backplane's thread
  std::atomic<std::uint64_t> reconnects{0};
  std::atomic<bool> linked_flag{false};
  std::atomic<bool> stopped{false};
};

}  // namespace proactor::chat
