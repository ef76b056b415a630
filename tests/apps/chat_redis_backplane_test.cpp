// RedisBackplane against a real redis-server on a Unix socket: messages cross between two
// backplanes (and never come back to their sender), nicknames are claimed cluster-wide,
// presence expires, a missing Redis is retried, and a stuck one never grows the queue.
#include "chat/chat_redis_backplane.hpp"

#include "eventually.hpp"
#include "fake_session.hpp"
#include "redis_test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace proactor::test {
namespace chat_redis_backplane_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using chat::Event;
using chat::MessageEvent;
using chat::Presence;
using chat::PrivateEvent;
using chat::RedisBackplane;
using chat::RedisBackplaneConfig;
using test::FakeSession;

// Records what the backplane hands over; `presence` is what it reports as local members.
class Recorder final : public chat::BackplaneListener
{
 public:
  void on_remote_room_event(const std::string& room, const Event& event) override
  {
    std::lock_guard lock(mutex_);
    if (const auto* message = std::get_if<MessageEvent>(&event))
      said_.push_back(room + "|" + message->nick + "|" + message->text);
  }
  void on_remote_private(const std::string& to, const PrivateEvent& event) override
  {
    std::lock_guard lock(mutex_);
    said_.push_back("pm " + to + "|" + event.from + "|" + event.text);
  }
  void on_backplane_state(bool connected) override
  {
    std::lock_guard lock(mutex_);
    states_.push_back(connected);
  }
  std::vector<Presence> local_presence() override
  {
    std::lock_guard lock(mutex_);
    return presence_;
  }

  std::vector<std::string> said() const
  {
    std::lock_guard lock(mutex_);
    return said_;
  }
  std::vector<bool> states() const
  {
    std::lock_guard lock(mutex_);
    return states_;
  }
  void on_not_published(const SessionPtr& from) override
  {
    std::lock_guard lock(mutex_);
    not_published_.push_back(from->id());
  }
  std::vector<SessionId> not_published() const
  {
    std::lock_guard lock(mutex_);
    return not_published_;
  }
  void set_presence(std::vector<Presence> presence)
  {
    std::lock_guard lock(mutex_);
    presence_ = std::move(presence);
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> said_;
  std::vector<bool> states_;
  std::vector<Presence> presence_;
  std::vector<SessionId> not_published_;
};

// Collects the backplane's log lines.
struct Log
{
  std::mutex mutex;
  std::vector<std::string> lines;
  std::function<void(const std::string&)> sink()
  {
    return [this](const std::string& line) {
      std::lock_guard lock(mutex);
      lines.push_back(line);
    };
  }
  std::size_t count(std::string_view needle)
  {
    std::lock_guard lock(mutex);
    std::size_t n = 0;
    for (const auto& line : lines) n += line.find(needle) != std::string::npos;
    return n;
  }
};

RedisBackplaneConfig config_for(const RedisProcess& redis, std::string node)
{
  RedisBackplaneConfig config;
  config.address = redis.address();
  config.node_id = std::move(node);
  config.presence_ttl = 600ms;
  config.retry_max = 200ms;
  return config;
}

// Claims `nick` and waits for the answer.
std::optional<bool> claim(RedisBackplane& backplane, const std::string& nick)
{
  std::mutex mutex;
  std::condition_variable done;
  std::optional<bool> answer;
  backplane.claim_nick(nick, [&](bool granted) {
    std::lock_guard lock(mutex);
    answer = granted;
    done.notify_all();
  });
  std::unique_lock lock(mutex);
  done.wait_for(lock, kDeadline, [&] { return answer.has_value(); });
  return answer;
}

#define SKIP_WITHOUT_REDIS()                       \
  if (RedisProcess::binary().empty())              \
  GTEST_SKIP() << "redis-server is not installed " \
                  "(scripts/install-deps.sh installs it)"

TEST(ChatRedisBackplane, MessagesCrossInOrderAndNeverReturnToTheirSender)
{
  SKIP_WITHOUT_REDIS();
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Log log;
  Recorder a_heard, b_heard;
  RedisBackplane a(config_for(redis, "a"), log.sink());
  RedisBackplane b(config_for(redis, "b"), log.sink());
  a.start(a_heard);
  b.start(b_heard);
  ASSERT_TRUE(a.stats().linked);
  ASSERT_TRUE(b.stats().linked);

  for (int i = 0; i < 100; ++i)
    a.publish_room("lobby", MessageEvent{"lobby", "alice", "m" + std::to_string(i)});
  a.publish_private("bob", PrivateEvent{"alice", "bob", "psst"});
  ASSERT_TRUE(eventually([&] { return b_heard.said().size() == 101; }));
  const auto said = b_heard.said();
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(said[static_cast<std::size_t>(i)], "lobby|alice|m" + std::to_string(i));
  EXPECT_EQ(said.back(), "pm bob|alice|psst");
  // b answers once; by the time a has it, a's own hundred would have come back too.
  b.publish_room("lobby", MessageEvent{"lobby", "bob", "done"});
  ASSERT_TRUE(eventually([&] { return !a_heard.said().empty(); }));
  EXPECT_EQ(a_heard.said(), std::vector<std::string>{"lobby|bob|done"});
  EXPECT_EQ(a.stats().dropped, 0u);
  EXPECT_EQ(log.count("cannot reach"), 0u);
}

TEST(ChatRedisBackplane, ANicknameIsGrantedToOneServerOnlyAndFreedOnRelease)
{
  SKIP_WITHOUT_REDIS();
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Log log;
  Recorder a_heard, b_heard;
  RedisBackplane a(config_for(redis, "a"), log.sink());
  RedisBackplane b(config_for(redis, "b"), log.sink());
  a.start(a_heard);
  b.start(b_heard);

  EXPECT_EQ(claim(a, "Alice"), true);
  EXPECT_EQ(claim(a, "alice"), true);  // ours already: a refresh
  EXPECT_EQ(claim(b, "ALICE"), false);
  a.release_nick("alice");
  // The release travels on a's connection, the claim on b's: b may ask before a's DEL ran.
  EXPECT_TRUE(eventually([&] { return claim(b, "alice") == true; }));
}

TEST(ChatRedisBackplane, PresenceShowsOtherServersAndFollowsTheirHeartbeat)
{
  SKIP_WITHOUT_REDIS();
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Log log;
  Recorder a_heard, b_heard;
  b_heard.set_presence({{"bob", "lobby"}, {"bea", ""}});
  RedisBackplane a(config_for(redis, "a"), log.sink());
  auto b = std::make_unique<RedisBackplane>(config_for(redis, "b"), log.sink());
  a.start(a_heard);
  b->start(b_heard);

  ASSERT_TRUE(eventually([&] { return a.find_remote("BOB").nick == "bob"; }));
  EXPECT_EQ(a.remote_users("Lobby"), std::vector<std::string>{"bob"});
  EXPECT_EQ(a.remote_rooms(), (std::vector<chat::RoomInfo>{{"lobby", 1}}));
  EXPECT_EQ(a.find_remote("bea").room, "");

  // The next heartbeat carries b's membership as it is now.
  b_heard.set_presence({});
  const auto before = std::chrono::steady_clock::now();
  ASSERT_TRUE(eventually([&] { return a.find_remote("bob").nick.empty(); }, 5s));
  EXPECT_LT(std::chrono::steady_clock::now() - before, 3s);
  b->stop();
}

TEST(ChatRedisBackplane, ARedisAbsentAtStartIsSaidOnceAndRetriedUntilItComes)
{
  SKIP_WITHOUT_REDIS();
  RedisProcess redis;  // not started yet
  Log log;
  Recorder heard;
  RedisBackplane a(config_for(redis, "a"), log.sink());
  a.start(heard);
  EXPECT_FALSE(a.stats().linked);
  EXPECT_EQ(claim(a, "alice"), true);  // local-only: granted without asking
  a.publish_room("lobby", MessageEvent{"lobby", "alice", "lost"});
  ASSERT_TRUE(eventually([&] { return a.stats().dropped == 1; }));

  ASSERT_TRUE(redis.start());
  ASSERT_TRUE(eventually([&] { return a.stats().linked; }));
  EXPECT_EQ(log.count("cannot reach redis"), 1u);
  EXPECT_EQ(log.count("linked to redis"), 1u);
  EXPECT_TRUE(heard.states().empty());  // members were never told it was up
}

TEST(ChatRedisBackplane, ALostRedisIsReportedAndTheLinkComesBackWithIt)
{
  SKIP_WITHOUT_REDIS();
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Log log;
  Recorder a_heard, b_heard;
  RedisBackplane a(config_for(redis, "a"), log.sink());
  RedisBackplane b(config_for(redis, "b"), log.sink());
  a.start(a_heard);
  b.start(b_heard);

  redis.kill();
  ASSERT_TRUE(eventually([&] { return a_heard.states() == std::vector<bool>{false}; }));
  EXPECT_FALSE(a.stats().linked);
  ASSERT_TRUE(redis.start());
  ASSERT_TRUE(eventually([&] { return a_heard.states() == std::vector<bool>{false, true}; }));
  ASSERT_TRUE(eventually([&] { return b.stats().linked; }));
  a.publish_room("lobby", MessageEvent{"lobby", "alice", "back"});
  ASSERT_TRUE(eventually([&] { return b_heard.said().size() == 1; }));
  EXPECT_EQ(b_heard.said().front(), "lobby|alice|back");
  EXPECT_EQ(a.stats().reconnects, 1u);
}

TEST(ChatRedisBackplane, AStuckRedisDropsAndCountsPublishesInsteadOfGrowingMemory)
{
  SKIP_WITHOUT_REDIS();
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Log log;
  Recorder heard;
  RedisBackplaneConfig config = config_for(redis, "a");
  config.presence_ttl = 60s;  // no heartbeat traffic during the test
  config.max_pending = 100;
  RedisBackplane a(config, log.sink());
  a.start(heard);
  ASSERT_TRUE(a.stats().linked);

  redis.freeze(true);
  const auto before = a.stats();
  const std::string text(512, 'x');
  for (int i = 0; i < 5000; ++i) a.publish_room("lobby", MessageEvent{"lobby", "alice", text});
  // Every publish is either queued (at most max_pending) or dropped and counted.
  ASSERT_TRUE(eventually([&] {
    const auto stats = a.stats();
    return stats.published - before.published + stats.dropped - before.dropped == 5000;
  }));
  EXPECT_LE(a.stats().published - before.published, 100u);
  EXPECT_GE(a.stats().dropped - before.dropped, 4900u);
  redis.freeze(false);
}

TEST(ChatRedisBackplane, ARedisThatFallsBehindHoldsThePublisherUntilItCatchesUp)
{
  SKIP_WITHOUT_REDIS();
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Log log;
  Recorder heard;
  RedisBackplaneConfig config = config_for(redis, "a");
  config.presence_ttl = 60s;  // no heartbeat traffic during the test
  config.hold_pending = 10;
  config.max_pending = 1000;
  config.max_hold = 60s;  // released by Redis catching up, not by the clock
  RedisBackplane a(config, log.sink());
  a.start(heard);
  ASSERT_TRUE(a.stats().linked);
  const auto speaker = std::make_shared<FakeSession>(7);

  redis.freeze(true);
  const auto before = a.stats();  // the node's own hello is counted too
  for (int i = 0; i < 50; ++i)
    a.publish_room("lobby", MessageEvent{"lobby", "alice", "m" + std::to_string(i)}, speaker);
  // Queued, not dropped.
  ASSERT_TRUE(eventually([&] { return a.stats().published - before.published == 50; }));
  EXPECT_EQ(speaker->held(), 1) << "held once however many of its publishes found Redis behind";
  EXPECT_EQ(a.stats().holds, 1u);
  redis.freeze(false);
  EXPECT_TRUE(eventually([&] { return speaker->held() == 0; }));
  EXPECT_EQ(a.stats().dropped, before.dropped);
  EXPECT_TRUE(heard.not_published().empty());
}

TEST(ChatRedisBackplane, AHoldEndsAfterMaxHoldAndWhatStillDoesNotFitIsReportedToTheSender)
{
  SKIP_WITHOUT_REDIS();
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Log log;
  Recorder heard;
  RedisBackplaneConfig config = config_for(redis, "a");
  config.presence_ttl = 60s;
  config.hold_pending = 5;
  config.max_pending = 20;
  config.max_hold = 200ms;
  RedisBackplane a(config, log.sink());
  a.start(heard);
  ASSERT_TRUE(a.stats().linked);
  const auto speaker = std::make_shared<FakeSession>(7);

  redis.freeze(true);
  const auto before = a.stats();
  for (int i = 0; i < 30; ++i)
    a.publish_room("lobby", MessageEvent{"lobby", "alice", "m" + std::to_string(i)}, speaker);
  ASSERT_TRUE(eventually([&] {
    const auto now = a.stats();
    return now.published - before.published + now.dropped - before.dropped == 30;
  }));
  EXPECT_TRUE(eventually([&] { return speaker->held() == 0; }));  // max_hold, Redis still stuck
  const std::uint64_t dropped = a.stats().dropped - before.dropped;
  EXPECT_GE(dropped, 10u);  // at most max_pending in flight, the node's hello among them
  EXPECT_EQ(heard.not_published(), std::vector<SessionId>(dropped, 7));
  redis.freeze(false);
}

}  // namespace
}  // namespace chat_redis_backplane_test
}  // namespace proactor::test
