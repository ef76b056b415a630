// Connection churn against an in-process echo server: many short connections, half of them
// with one round trip, from several client threads. Afterwards nothing may be left behind:
// no session, no descriptor, no memory beyond a generous allocator slack.
#include "echo/echo_handler.hpp"
#include "eventually.hpp"
#include "loopback_client.hpp"
#include "process_status.hpp"
#include "socket_probe.hpp"
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace proactor::test {
namespace churn_test {  // a unity build puts several test files in one unit
namespace {

constexpr std::size_t kCycles = 10'000;
constexpr std::size_t kWarmUpCycles = 100;
constexpr std::size_t kClientThreads = 4;
constexpr std::chrono::seconds kChurnBudget{60};

// Open descriptors of this process.
std::size_t open_descriptors()
{
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
    ++n;
  return n;
}

std::size_t resident_kib()
{
  return process_status_kib("VmRSS");
}

struct ChurnResult
{
  std::size_t completed = 0;
  std::size_t failures = 0;
  bool out_of_time = false;
};

// Runs `cycles` connect/close cycles spread over kClientThreads threads; every even cycle
// sends one frame and reads its echo before closing. Stops early past `budget`.
ChurnResult churn(std::uint16_t port, std::size_t cycles, std::chrono::seconds budget)
{
  const auto deadline = std::chrono::steady_clock::now() + budget;
  std::atomic<std::size_t> next{0}, completed{0}, failures{0};
  std::atomic<bool> out_of_time{false};
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kClientThreads; ++t) {
    threads.emplace_back([&] {
      for (;;) {
        const std::size_t cycle = next.fetch_add(1);
        if (cycle >= cycles) return;
        if (std::chrono::steady_clock::now() >= deadline) {
          out_of_time = true;
          return;
        }
        try {
          LoopbackClient client(port);
          if (cycle % 2 == 0) {
            const std::string payload = "cycle " + std::to_string(cycle);
            if (!client.write_frame(payload) || client.read_frame() != payload) ++failures;
          }
          client.close();
          ++completed;
        } catch (const std::exception& e) {
          if (failures++ == 0) std::cerr << "cycle " << cycle << ": " << e.what() << '\n';
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return {completed.load(), failures.load(), out_of_time.load()};
}

TEST(Churn, TenThousandConnectCloseCyclesLeaveNothingBehind)
{
  if (test::running_under_wine())
    GTEST_SKIP() << "a volume test; under Wine 55-220 cycles/s, at the edge of its 60 s budget "
                    "(measured: passed in 46 s, then 3,379 cycles in 61 s on a loaded machine)";
  apps::EchoHandler handler;
  ServerConfig config;
  config.io_threads = 2;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  const std::uint16_t port = server.local_endpoint().port;

  // Warm up first, so that the baseline already holds the threads' allocator arenas, the
  // client threads' stacks and the like, which are no leak.
  const ChurnResult warm_up = churn(port, kWarmUpCycles, kChurnBudget);
  ASSERT_EQ(warm_up.completed, kWarmUpCycles);
  ASSERT_TRUE(eventually([&] { return server.metrics().active == 0; }));
  const std::size_t fd_baseline = open_descriptors();
  const std::size_t rss_baseline_kib = resident_kib();

  const auto started = std::chrono::steady_clock::now();
  const ChurnResult result = churn(port, kCycles, kChurnBudget);
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  std::cout << "churn: " << result.completed << " cycles in " << elapsed.count() << " ms\n";
  EXPECT_FALSE(result.out_of_time) << "stopped after " << kChurnBudget.count() << " s";
  EXPECT_EQ(result.completed, kCycles);
  EXPECT_EQ(result.failures, 0u);

  // Every session ends; each was a clean close by its peer.
  EXPECT_TRUE(eventually([&] { return server.metrics().active == 0; }))
      << server.metrics().active << " sessions still open";
  EXPECT_EQ(server.session_count(), 0u);
  const MetricsSnapshot metrics = server.metrics();
  EXPECT_EQ(metrics.accepted, kWarmUpCycles + kCycles) << metrics;
  EXPECT_EQ(metrics.refused, 0u) << metrics;
  EXPECT_EQ(metrics.closes_for(CloseReason::peer_closed), kWarmUpCycles + kCycles) << metrics;
  EXPECT_EQ(metrics.frames_in, (kWarmUpCycles + kCycles) / 2) << metrics;
  EXPECT_EQ(metrics.frames_out, (kWarmUpCycles + kCycles) / 2) << metrics;

  // Descriptors: the same count as before, give or take a few that other parts of the
  // runtime may open or close lazily (none belongs to a connection: every one has ended).
  constexpr std::size_t kFdSlack = 4;
  std::size_t fds = 0;
  EXPECT_TRUE(eventually([&] {
    fds = open_descriptors();
    return fds <= fd_baseline + kFdSlack;
  })) << "descriptors: baseline "
      << fd_baseline << ", now " << fds;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  std::cout << "RSS bound not checked: the sanitizer's allocator keeps freed memory "
               "(quarantine, shadow pages), so RSS says nothing about leaks here\n";
  (void)rss_baseline_kib;
#else
  // RSS: at most kClientThreads connections are open at once, so the live memory of the
  // churn is a few sessions (a 16 KiB read buffer and small objects each). What remains
  // afterwards is allocator caching and fragmentation (per-thread arenas, free lists),
  // normally well under a few MiB. 16 MiB is generous for that, yet a leak of just 2 KiB per
  // connection (one session object, or one read chunk per ten) would add ~20 MiB and fail.
  constexpr std::size_t kRssSlackKib = 16 * 1024;
  const std::size_t rss_kib = resident_kib();
  ASSERT_NE(rss_baseline_kib, 0u);
  EXPECT_LT(rss_kib, rss_baseline_kib + kRssSlackKib)
      << "VmRSS: baseline " << rss_baseline_kib << " KiB, after churn " << rss_kib << " KiB";
  std::cout << "VmRSS: baseline " << rss_baseline_kib << " KiB, after churn " << rss_kib
            << " KiB\n";
#endif
}

}  // namespace
}  // namespace churn_test
}  // namespace proactor::test
