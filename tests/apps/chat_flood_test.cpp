// One member floods a room while three members read as fast as they can and one has stopped
// reading: flow control slows the flooder to the pace of the readers, so every reader gets
// every message in order, only the stopped member is cut off (after its deadline), the
// flooder is never disconnected, and the server's memory stays bounded.
#include "chat/chat_handler.hpp"
#include "chat/chat_limits.hpp"
#include "chat_test_support.hpp"
#include "eventually.hpp"
#include "loopback_client.hpp"
#include "process_status.hpp"
#include "socket_probe.hpp"
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

namespace proactor::test {
namespace chat_flood_test {  // a unity build puts several test files in one unit
namespace {

using namespace chat;
using namespace std::chrono_literals;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// The same paths with fewer messages: the sanitizers cost 5-20x per byte.
constexpr std::size_t kMessages = 10'000;
#else
constexpr std::size_t kMessages = 40'000;
#endif
constexpr std::size_t kLineSize = 900;
constexpr std::size_t kReaders = 3;
constexpr auto kFloodDeadline = 90s;
// The most the server process's peak resident memory may grow during the flood: five
// sessions' queues are capped at 1 MiB each by the chat defaults, and with the senders held
// at the high watermark (256 KiB) they stay far below even that.
constexpr std::size_t kMaxGrowthKib = 8 * 1024;

std::string line(std::size_t i)
{
  std::string text = std::to_string(i);
  text.insert(0, 6 - text.size(), '0');
  text.resize(kLineSize, 'x');
  return text;
}

struct Tally
{
  std::size_t in_order = 0;
  std::string failure;  // empty: all arrived in order
};

// Reads until `count` more messages of `from` arrived after the `first` ones, each the next
// line; other events (joins, the stopped member's departure, warnings) are skipped.
Tally read_flood(ChatLoopbackClient& client, const std::string& from, std::size_t count,
                 std::size_t first = 0)
{
  Tally tally{first, {}};
  count += first;
  const auto deadline = std::chrono::steady_clock::now() + kFloodDeadline;
  while (tally.in_order < count) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) {
      tally.failure = "deadline";
      break;
    }
    const auto event = read_event(client.socket, left);
    if (!event) {
      tally.failure = "connection closed or silent";
      break;
    }
    const auto* message = std::get_if<MessageEvent>(&*event);
    if (!message || message->nick != from) continue;
    if (message->text != line(tally.in_order)) {
      tally.failure = "out of order";
      break;
    }
    ++tally.in_order;
  }
  return tally;
}

struct Setup
{
  const char* name;
  std::size_t io_threads;
  std::size_t logic_threads;
};

void PrintTo(const Setup& setup, std::ostream* out)
{
  *out << setup.name;
}

class ChatFlood : public ::testing::TestWithParam<Setup>
{};

TEST_P(ChatFlood, EveryReaderGetsEveryMessageAndOnlyTheStoppedMemberIsCutOff)
{
  if (test::running_under_wine())
    GTEST_SKIP() << "a volume test (36 MB to each member); under Wine every socket call is a "
                    "wineserver round trip";
  ServerConfig config;
  config.io_threads = GetParam().io_threads;
  config.logic_threads = GetParam().logic_threads;
  apply_chat_session_defaults(config.session);
  config.session.overflow_timeout = 2s;
  ChatHandler handler;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  const std::uint16_t port = server.local_endpoint().port;

  ChatLoopbackClient stopped(port);
  stopped.socket.set_receive_buffer(4096);
  ASSERT_TRUE(stopped.login("stopped", "flood"));
  std::vector<std::unique_ptr<ChatLoopbackClient>> readers;
  for (std::size_t i = 0; i < kReaders; ++i) {
    readers.push_back(std::make_unique<ChatLoopbackClient>(port));
    ASSERT_TRUE(readers.back()->login("reader" + std::to_string(i), "flood"));
  }
  ChatLoopbackClient flooder(port);
  ASSERT_TRUE(flooder.login("flooder", "flood"));

  reset_peak_memory();
  [[maybe_unused]] const std::size_t resident_before = process_status_kib("VmRSS");
  std::vector<Tally> tallies(kReaders);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kReaders; ++i)
    threads.emplace_back([&, i] { tallies[i] = read_flood(*readers[i], "flooder", kMessages); });
  // The flooder pipelines up to kWindow messages ahead of its own copies, which it reads
  // too, as a real client does (one thread: the test client is not thread safe).
  constexpr std::size_t kWindow = 256;
  std::size_t sent = 0;
  Tally own;
  while (own.in_order < kMessages) {
    while (sent < kMessages && sent < own.in_order + kWindow &&
           flooder.send(SayRequest{line(sent)}))
      ++sent;
    const std::size_t before = own.in_order;
    const Tally more = read_flood(flooder, "flooder", 1, own.in_order);
    own.in_order = more.in_order;
    own.failure = more.failure;
    if (own.in_order == before) break;
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(sent, kMessages) << "the flooder could not send: it was held for too long";
  for (std::size_t i = 0; i < kReaders; ++i)
    EXPECT_EQ(tallies[i].in_order, kMessages) << "reader" << i << ": " << tallies[i].failure;
  EXPECT_EQ(own.in_order, kMessages) << "the flooder's own copies: " << own.failure;

  // The stopped member was cut off for not reading, and only it.
  EXPECT_NE(stopped.socket.read_until_closed(), Ending::timeout);
  EXPECT_TRUE(eventually([&] { return server.metrics().active == kReaders + 1; }));
  const MetricsSnapshot metrics = server.metrics();
  EXPECT_EQ(metrics.closes_for(CloseReason::write_overflow), 1u);
  EXPECT_GT(metrics.holds, 0u);
  EXPECT_EQ(handler.dropped_messages(), 0u);
  for (std::size_t i = 0; i < kReaders; ++i) EXPECT_TRUE(readers[i]->nothing_pending()) << i;
  EXPECT_TRUE(flooder.nothing_pending());

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  if (resident_before > 0) {
    const std::size_t peak = process_status_kib("VmHWM");
    EXPECT_LE(peak, resident_before + kMaxGrowthKib)
        << "peak " << peak << " KiB, " << resident_before << " KiB before the flood";
    std::cout << "[ flood    ] peak resident memory grew by "
              << (peak > resident_before ? peak - resident_before : 0) << " KiB\n";
  }
#endif
}

INSTANTIATE_TEST_SUITE_P(Threading, ChatFlood,
                         ::testing::Values(Setup{"Inline", 1, 0}, Setup{"LogicThreads", 1, 2},
                                           Setup{"IoThreads", 2, 0}),
                         [](const auto& test) { return std::string(test.param.name); });

}  // namespace
}  // namespace chat_flood_test
}  // namespace proactor::test
