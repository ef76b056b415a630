// The steady state of an echo server allocates nothing per frame: after a warm-up, 10,000
// frames echoed (one at a time and pipelined) cost zero heap allocations on the I/O thread,
// and with a logic thread none on the I/O thread or the logic thread.
//
// Every allocation of this test program goes through the operator new below; it counts
// those made on the server's I/O thread (marked by the handler's first callback there), and
// those made on any thread but the test's own (the client's).
#include "loopback_client.hpp"
#include <proactor/server/server.hpp>
#include <proactor/session/handler.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>

namespace {

thread_local bool on_io_thread = false;
thread_local bool on_client_thread = false;
std::atomic<std::uint64_t> io_thread_allocations{0};
std::atomic<std::uint64_t> server_allocations{0};  // on every thread but the client's

void* counted_allocation(std::size_t size)
{
  if (on_io_thread) io_thread_allocations.fetch_add(1, std::memory_order_relaxed);
  if (!on_client_thread) server_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}

}  // namespace

// The replaceable global allocation functions (aligned forms are not used by this program's
// server path; they fall back to the library's).
void* operator new(std::size_t size)
{
  return counted_allocation(size);
}
void* operator new[](std::size_t size)
{
  return counted_allocation(size);
}
void operator delete(void* memory) noexcept
{
  std::free(memory);
}
void operator delete[](void* memory) noexcept
{
  std::free(memory);
}
void operator delete(void* memory, std::size_t) noexcept
{
  std::free(memory);
}
void operator delete[](void* memory, std::size_t) noexcept
{
  std::free(memory);
}

namespace proactor {
namespace {

class EchoHandler final : public Handler
{
 public:
  void on_open(const SessionPtr&) override { on_io_thread = true; }
  void on_frame(const SessionPtr& session, ConstBytes payload) override { session->send(payload); }
};

// Echoes `count` frames of `payload` through `client`, `batch` at a time; false on a wrong or
// missing reply.
bool echo(test::LoopbackClient& client, const std::string& wire, int count, int batch)
{
  std::string burst;
  for (int i = 0; i < batch; ++i) burst += wire;
  for (int sent = 0; sent < count; sent += batch) {
    if (!client.write(burst)) return false;
    const auto reply = client.read_exact(burst.size());
    if (!reply || *reply != burst) return false;
  }
  return true;
}

// Warms the server up (buffers, chunk pools and Asio's handler memory reach their working
// size), then echoes 10,000 frames, small and large, one at a time and pipelined. Returns
// how much `counter` grew during those 10,000, or nullopt when an echo failed.
std::optional<std::uint64_t> allocations_while_echoing(test::LoopbackClient& client,
                                                       const std::atomic<std::uint64_t>& counter)
{
  const std::string small = test::encode_frame(std::string(64, 's'));
  const std::string large = test::encode_frame(std::string(8 * 1024, 'l'));
  if (!echo(client, small, 1000, 1) || !echo(client, small, 1000, 16) ||
      !echo(client, large, 100, 4))
    return std::nullopt;
  const auto before = counter.load();
  if (!echo(client, small, 5000, 1) || !echo(client, small, 4000, 16) ||
      !echo(client, large, 1000, 4))
    return std::nullopt;
  return counter.load() - before;
}

TEST(SteadyState, EchoingTenThousandFramesAllocatesNothingOnTheIoThread)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the sanitizers' allocators are not the program's; counted in release builds";
#endif
  EchoHandler handler;
  ServerConfig config;
  config.io_threads = 1;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  test::LoopbackClient client(server.local_endpoint().port);
  const auto allocations = allocations_while_echoing(client, io_thread_allocations);
  ASSERT_TRUE(allocations.has_value()) << "an echo failed";
  EXPECT_EQ(*allocations, 0u) << "allocations on the I/O thread while echoing 10,000 frames";
  EXPECT_GT(io_thread_allocations.load(), 0u)
      << "the counter saw nothing: is the I/O thread marked?";
  server.stop();
}

TEST(SteadyState, EchoingTenThousandFramesThroughALogicThreadAllocatesNothing)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the sanitizers' allocators are not the program's; counted in release builds";
#endif
  class LogicEcho final : public Handler
  {
   public:
    void on_frame(const SessionPtr& session, ConstBytes payload) override
    {
      session->send(payload);
    }
  } handler;
  ServerConfig config;
  config.io_threads = 1;
  config.logic_threads = 1;
  Server server(config, handler);
  server.listen("127.0.0.1", 0);
  on_client_thread = true;  // from here on this thread's allocations are the client's
  test::LoopbackClient client(server.local_endpoint().port);
  const auto allocations = allocations_while_echoing(client, server_allocations);
  on_client_thread = false;
  ASSERT_TRUE(allocations.has_value()) << "an echo failed";
  EXPECT_EQ(*allocations, 0u)
      << "allocations on the I/O and logic threads while echoing 10,000 frames";
  server.stop();
}

}  // namespace
}  // namespace proactor
