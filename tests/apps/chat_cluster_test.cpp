// Several real proactor-chat-server processes sharing rooms through a real redis-server (on a
// Unix socket in a temporary directory), with the real proactor-chat-client as the users, and
// HAProxy in front for the last test. Every wait has a deadline; the polls wait for state that
// has no event of its own (a server's presence expiring, a reconnect).
#include "app_process.hpp"
#include "eventually.hpp"
#include "loopback_client.hpp"
#include "process.hpp"
#include "redis_test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace proactor::test {
namespace chat_cluster_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kServer = "proactor-chat-server";
constexpr std::string_view kClient = "proactor-chat-client";

// A chat server of the cluster on `redis`, named `node`, with a two-second presence TTL (short
// for the tests, long enough for a loaded machine's scheduling hiccups).
struct Node : ServerProcess
{
  Node(const RedisProcess& redis, const std::string& node)
      : ServerProcess(kServer,
                      {"--redis", redis.address(), "--node-id", node, "--presence-ttl", "2s"})
  {}
};

// A chat client on `port` as `nick` in `room`, past its first three lines. `greeting` keeps
// the first line (it names the server).
struct Client
{
  ChildProcess process;
  std::string greeting;

  Client(std::uint16_t port, const std::string& nick, const std::string& room)
  {
    process.start(bin_path(kClient),
                  {"--port", std::to_string(port), "--nick", nick, "--room", room});
    greeting = line();
    EXPECT_TRUE(greeting.starts_with("* Welcome to proactor chat.")) << greeting;
    EXPECT_EQ(line(), "* you are now known as " + nick);
    EXPECT_EQ(line(), "* " + nick + " joined " + room);
  }

  std::string line(std::chrono::milliseconds timeout = kDeadline)
  {
    return process.read_line(timeout).value_or("<no line>");
  }

  void say(const std::string& text) { process.write_stdin(text + "\n"); }

  // The next line starting with `prefix`, skipping others (bounded); "<no line>" if none.
  std::string next(std::string_view prefix)
  {
    for (int skipped = 0; skipped < 1000; ++skipped) {
      std::string got = line();
      if (got == "<no line>" || got.starts_with(prefix)) return got;
    }
    return "<no line>";
  }

  // Asks for `nick` until granted or `timeout` passes; the last answer. The name's previous
  // owner releases it on its own Redis connection after confirming its rename (or Redis
  // expires it), so a claim from another server may still find it taken for a moment.
  std::string nick_until_granted(const std::string& nick, std::chrono::milliseconds timeout)
  {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string got;
    for (int tries = 0; tries < 1000; ++tries) {
      say("/nick " + nick);
      got = line();
      if (got != "! error: that nickname is taken: '" + nick + "'" ||
          std::chrono::steady_clock::now() >= deadline)
        break;
    }
    return got;
  }

  // Asks /who until `done(answer)` holds (each answer read with a deadline); the last answer.
  template <class Predicate>
  std::string who_until(Predicate done, std::chrono::milliseconds timeout)
  {
    std::string answer;
    eventually(
        [&] {
          say("/who");
          answer = next("users in");
          return done(answer);
        },
        timeout);
    return answer;
  }
};

#define SKIP_WITHOUT(program)        \
  if (find_program(program).empty()) \
  GTEST_SKIP() << program " is not installed (scripts/install-deps.sh installs it)"

TEST(ChatCluster, BadClusterFlagsStopTheServerWithOneLine)
{
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--redis", "nowhere"},
                                               {"--redis", "unix:"},
                                               {"--redis", "host:99999"},
                                               {"--redis", "unix:/x", "--presence-ttl", "100ms"}}) {
    SCOPED_TRACE(args[1]);
    const Finished run = run_to_exit(kServer, args);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(count_lines(run.err), 1u) << run.err;
    EXPECT_TRUE(run.err.starts_with("proactor-chat-server: ")) << run.err;
  }
}

TEST(ChatCluster, ClientsOnThreeServersSeeEveryMessageOnceInEachSendersOrder)
{
  SKIP_WITHOUT("redis-server");
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Node n1(redis, "n1"), n2(redis, "n2"), n3(redis, "n3");
  ASSERT_TRUE(n1.port && n2.port && n3.port);

  Client alice(n1.port, "alice", "lobby");
  Client bob(n2.port, "bob", "lobby");
  EXPECT_EQ(alice.line(), "* bob joined lobby");
  Client carol(n3.port, "carol", "lobby");
  EXPECT_EQ(alice.line(), "* carol joined lobby");
  EXPECT_EQ(bob.line(), "* carol joined lobby");
  EXPECT_NE(alice.greeting, bob.greeting);  // "This is server n1." / "... n2."

  constexpr int kEach = 30;
  std::vector<Client*> clients{&alice, &bob, &carol};
  const std::vector<std::string> nicks{"alice", "bob", "carol"};
  for (int i = 0; i < kEach; ++i)
    for (std::size_t c = 0; c < clients.size(); ++c)
      clients[c]->say(nicks[c] + "-" + std::to_string(i));
  for (std::size_t c = 0; c < clients.size(); ++c) clients[c]->say("done");

  // Everyone sees everyone's lines in order, each once; "done" closes each sender's run.
  for (Client* client : clients) {
    std::map<std::string, int> next_from;
    int dones = 0;
    for (int lines = 0; dones < 3 && lines < 4 * kEach * 3; ++lines) {
      const std::string got = client->line();
      ASSERT_TRUE(got.starts_with("[lobby] ")) << got;
      const auto colon = got.find(": ");
      const std::string nick = got.substr(8, colon - 8);
      const std::string text = got.substr(colon + 2);
      if (text == "done") {
        EXPECT_EQ(next_from[nick], kEach) << nick << " said done too early";
        ++dones;
        continue;
      }
      EXPECT_EQ(text, nick + "-" + std::to_string(next_from[nick])) << "out of order or twice";
      ++next_from[nick];
    }
    EXPECT_EQ(dones, 3);
  }
  // Nothing more is on its way: a ping of the server comes straight back, and /who shows all.
  for (Client* client : clients)
    EXPECT_EQ(client->who_until([](const std::string& a) { return a.ends_with("bob, carol"); }, 5s),
              "users in lobby: alice, bob, carol");
}

TEST(ChatCluster, NicknamesAreUniqueAcrossServersAndPrivateMessagesFindThem)
{
  SKIP_WITHOUT("redis-server");
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Node n1(redis, "n1"), n2(redis, "n2");
  ASSERT_TRUE(n1.port && n2.port);

  Client alice(n1.port, "alice", "lobby");
  Client bob(n2.port, "bob", "den");

  // alice is taken on n1: n2 refuses it, in any case, and bob keeps his name.
  bob.say("/nick ALICE");
  EXPECT_EQ(bob.line(), "! error: that nickname is taken: 'ALICE'");
  bob.say("/msg alice hello from n2");
  EXPECT_EQ(bob.line(), "[pm to alice] hello from n2");
  EXPECT_EQ(alice.line(), "[pm from bob] hello from n2");
  alice.say("/msg BOB and back");
  EXPECT_EQ(alice.line(), "[pm to bob] and back");
  EXPECT_EQ(bob.line(), "[pm from alice] and back");

  // /rooms and /who see the whole cluster.
  alice.say("/rooms");
  EXPECT_EQ(alice.line(), "rooms: den (1), lobby (1)");
  alice.say("/who den");
  EXPECT_EQ(alice.line(), "users in den: bob");

  // A name given up on one server is free on the other.
  alice.say("/nick al");
  EXPECT_EQ(alice.line(), "* alice is now known as al");
  EXPECT_EQ(bob.nick_until_granted("alice", 5s), "* bob is now known as alice");
}

TEST(ChatCluster, AKilledServersUsersLeaveWhoWithinTheTtl)
{
  SKIP_WITHOUT("redis-server");
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Node n1(redis, "n1");
  auto n2 = std::make_unique<Node>(redis, "n2");
  ASSERT_TRUE(n1.port && n2->port);
  Client alice(n1.port, "alice", "lobby");
  Client bob(n2->port, "bob", "lobby");
  EXPECT_EQ(alice.line(), "* bob joined lobby");
  alice.say("/who");
  EXPECT_EQ(alice.line(), "users in lobby: alice, bob");

  n2->process.send_signal(SIGKILL);  // no goodbye: only the TTL (2 s) can tell
  const auto killed = std::chrono::steady_clock::now();
  EXPECT_EQ(alice.who_until([](const std::string& a) { return a == "users in lobby: alice"; }, 10s),
            "users in lobby: alice");
  EXPECT_LT(std::chrono::steady_clock::now() - killed, 5s);  // TTL + a heartbeat + slack
  // Its nickname key expired with it: a newcomer may take the name.
  EXPECT_EQ(alice.nick_until_granted("bob", 5s), "* alice is now known as bob");
}

TEST(ChatCluster, LocalDeliveryOutlivesRedisAndCrossServerDeliveryResumesWithIt)
{
  SKIP_WITHOUT("redis-server");
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Node n1(redis, "n1"), n2(redis, "n2");
  ASSERT_TRUE(n1.port && n2.port);
  Client alice(n1.port, "alice", "lobby");
  Client amy(n1.port, "amy", "lobby");
  EXPECT_EQ(alice.line(), "* amy joined lobby");
  Client bob(n2.port, "bob", "lobby");
  EXPECT_EQ(alice.line(), "* bob joined lobby");
  EXPECT_EQ(amy.line(), "* bob joined lobby");

  redis.kill();
  const std::string degraded =
      "* room degraded: the other chat servers cannot be reached; only "
      "members on this server hear you";
  EXPECT_EQ(alice.line(), degraded);
  EXPECT_EQ(amy.line(), degraded);
  EXPECT_EQ(bob.line(), degraded);
  alice.say("still here");  // same server: delivered as before
  EXPECT_EQ(alice.line(), "[lobby] alice: still here");
  EXPECT_EQ(amy.line(), "[lobby] alice: still here");

  ASSERT_TRUE(redis.start());
  const std::string recovered = "* the other chat servers can be reached again";
  EXPECT_EQ(alice.line(), recovered);
  EXPECT_EQ(bob.line(), recovered);
  alice.say("across again");
  EXPECT_EQ(alice.line(), "[lobby] alice: across again");
  EXPECT_EQ(bob.line(), "[lobby] alice: across again");
  // n1 answers n2's sync with its presence; that may cross alice's message on the way.
  EXPECT_EQ(bob.who_until([](const std::string& a) { return a.ends_with("alice, amy, bob"); }, 5s),
            "users in lobby: alice, amy, bob");
}

TEST(ChatCluster, AServerStartedWithoutRedisRunsAloneSaysSoOnceAndJoinsWhenItComes)
{
  SKIP_WITHOUT("redis-server");
  RedisProcess redis;  // not yet
  Node n1(redis, "n1");
  ASSERT_NE(n1.port, 0);
  Client alice(n1.port, "alice", "lobby");
  Client amy(n1.port, "amy", "lobby");
  EXPECT_EQ(alice.line(), "* amy joined lobby");
  amy.say("alone");
  EXPECT_EQ(alice.line(), "[lobby] amy: alone");

  ASSERT_TRUE(redis.start());
  Node n2(redis, "n2");
  ASSERT_NE(n2.port, 0);
  Client bob(n2.port, "bob", "lobby");
  // n1 links within its retry backoff (at most 2 s apart); then its users are seen.
  const std::string who = bob.who_until(
      [](const std::string& a) { return a == "users in lobby: alice, amy, bob"; }, 8s);
  EXPECT_EQ(who, "users in lobby: alice, amy, bob");
  bob.say("hi n1");
  EXPECT_EQ(alice.next("[lobby] bob"), "[lobby] bob: hi n1");

  n1.process.send_signal(SIGTERM);
  EXPECT_EQ(n1.process.wait_exit(kDeadline), 0);
  const std::string err = n1.process.read_all_stderr(kDeadline);
  EXPECT_EQ(count_lines(err), 4u) << err;  // cannot reach, linked, the two stop summaries
  EXPECT_NE(err.find("cannot reach redis at " + redis.address()), std::string::npos) << err;
  EXPECT_NE(err.find("running local-only, retrying"), std::string::npos) << err;
  EXPECT_NE(err.find("linked to redis"), std::string::npos) << err;
}

TEST(ChatCluster, ClientsThroughHaproxyLandOnDifferentServersAndChat)
{
  SKIP_WITHOUT("redis-server");
  SKIP_WITHOUT("haproxy");
  RedisProcess redis;
  ASSERT_TRUE(redis.start());
  Node n1(redis, "n1"), n2(redis, "n2"), n3(redis, "n3");
  ASSERT_TRUE(n1.port && n2.port && n3.port);

  ScratchDir dir;
  const std::uint16_t port = unused_port();  // HAProxy cannot report the one it picked
  {
    std::ofstream config(dir / "haproxy.cfg");
    config << "global\n  maxconn 256\n"
           << "defaults\n  mode tcp\n  timeout connect 2s\n  timeout client 1m\n"
           << "  timeout server 1m\n"
           << "frontend chat\n  bind 127.0.0.1:" << port << "\n  default_backend nodes\n"
           << "backend nodes\n  balance leastconn\n";
    for (const auto& [name, p] : {std::pair{"n1", n1.port}, {"n2", n2.port}, {"n3", n3.port}})
      config << "  server " << name << " 127.0.0.1:" << p << " check inter 500ms\n";
  }
  ChildProcess haproxy;
  haproxy.start(find_program("haproxy"), {"-db", "-f", dir / "haproxy.cfg"});
  ASSERT_TRUE(eventually([&] {
    try {
      LoopbackClient probe(port, "127.0.0.1", 200ms);
      return true;
    } catch (const std::exception&) {
      return false;
    }
  })) << haproxy.read_all_stderr(1s);

  // leastconn: each newcomer goes to a server with the fewest clients.
  Client alice(port, "alice", "lobby");
  Client bob(port, "bob", "lobby");
  EXPECT_EQ(alice.line(), "* bob joined lobby");
  Client carol(port, "carol", "lobby");
  EXPECT_EQ(alice.line(), "* carol joined lobby");
  EXPECT_EQ(bob.line(), "* carol joined lobby");
  const std::set<std::string> greetings{alice.greeting, bob.greeting, carol.greeting};
  EXPECT_EQ(greetings.size(), 3u) << alice.greeting << "\n" << bob.greeting;

  carol.say("hello through haproxy");
  EXPECT_EQ(alice.line(), "[lobby] carol: hello through haproxy");
  EXPECT_EQ(bob.line(), "[lobby] carol: hello through haproxy");
  alice.say("/msg carol got it");
  EXPECT_EQ(carol.next("[pm from"), "[pm from alice] got it");
}

}  // namespace
}  // namespace chat_cluster_test
}  // namespace proactor::test
