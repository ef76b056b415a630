#pragma once

// Shared by the bad-input suites: a recording wrapper around a real handler, an in-process
// server running it, and small helpers for hostile byte streams.
#include "app_process.hpp"
#include "chat/chat_handler.hpp"
#include "chat_test_support.hpp"
#include "echo/echo_handler.hpp"
#include "loopback_client.hpp"
#include "recording_handler.hpp"
#include <proactor/net/error.hpp>
#include <proactor/net/length_prefix_codec.hpp>
#include <proactor/net/packet_writer.hpp>
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace proactor::test {

using namespace std::string_literals;

inline constexpr std::size_t kMaxFrame = LengthPrefixCodec::kDefaultMaxFrame;

// Runs `Inner` (the service under test) and records every session's opening, frames and
// close, with deadline-bound waits.
template <class Inner>
class Recorder final : public Handler
{
 public:
  template <class... Args>
  explicit Recorder(Args&&... args) : inner_(std::forward<Args>(args)...)
  {}

  void on_open(const SessionPtr& session) override
  {
    inner_.on_open(session);
    std::lock_guard lock(mutex_);
    ++opens_;
    changed_.notify_all();
  }

  void on_frame(const SessionPtr& session, ConstBytes payload) override
  {
    {
      // Counted before the service answers, so a client holding the answer sees the count.
      std::lock_guard lock(mutex_);
      ++frames_;
    }
    inner_.on_frame(session, payload);
  }

  void on_writable(const SessionPtr& session) override { inner_.on_writable(session); }

  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override
  {
    inner_.on_close(session, reason, ec);
    std::lock_guard lock(mutex_);
    closes_.push_back({session->id(), reason, ec});
    changed_.notify_all();
  }

  // The first `n` closes, once there are that many; nullopt at the deadline.
  std::optional<std::vector<CloseEvent>> wait_closes(std::size_t n)
  {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, kDeadline, [&] { return closes_.size() >= n; }))
      return std::nullopt;
    return std::vector<CloseEvent>(closes_.begin(), closes_.begin() + static_cast<long>(n));
  }

  std::optional<CloseEvent> wait_first_close()
  {
    auto closes = wait_closes(1);
    if (!closes) return std::nullopt;
    return closes->front();
  }

  bool wait_opens(std::size_t n)
  {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kDeadline, [&] { return opens_ >= n; });
  }

  std::size_t frames() const
  {
    std::lock_guard lock(mutex_);
    return frames_;
  }

  std::size_t close_count() const
  {
    std::lock_guard lock(mutex_);
    return closes_.size();
  }

 private:
  Inner inner_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t opens_ = 0;
  std::size_t frames_ = 0;
  std::vector<CloseEvent> closes_;
};

// A real Server on 127.0.0.1:0 running `Inner` behind a recorder.
template <class Inner>
struct InProcess
{
  Recorder<Inner> handler;
  Server server;

  explicit InProcess(ServerConfig config = {}) : server(with_threads(std::move(config)), handler)
  {
    server.listen("127.0.0.1", 0);
  }

  std::uint16_t port() const { return server.local_endpoint().port; }

  static ServerConfig with_threads(ServerConfig config)
  {
    if (config.io_threads == 0) config.io_threads = 2;
    return config;
  }
};

using EchoServer = InProcess<apps::EchoHandler>;
using ChatServer = InProcess<chat::ChatHandler>;

// A u32 big-endian length header announcing `length` bytes.
inline std::string header(std::uint32_t length)
{
  return {static_cast<char>(length >> 24), static_cast<char>(length >> 16),
          static_cast<char>(length >> 8), static_cast<char>(length)};
}

// `n` bytes from `rng`.
inline std::string random_bytes(std::mt19937& rng, std::size_t n)
{
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(byte(rng));
  return out;
}

// One echo round trip on a connection that must still be served.
inline void expect_served(LoopbackClient& client, const std::string& payload = "still served")
{
  ASSERT_TRUE(client.write_frame(payload));
  EXPECT_EQ(client.read_frame(), payload);
}

// The server's side ended: EOF or reset, neither nothing (hang) nor more data.
inline bool ended(Ending ending)
{
  return ending == Ending::eof || ending == Ending::reset;
}

// Sends FIN, tolerating a connection the server already tore down.
inline void shutdown_quietly(LoopbackClient& client)
{
  try {
    client.shutdown_send();
  } catch (const std::exception&) {
  }
}

}  // namespace proactor::test
