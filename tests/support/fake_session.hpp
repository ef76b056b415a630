#pragma once

#include <proactor/net/codec.hpp>
#include <proactor/session/session.hpp>

#include <atomic>
#include <utility>

namespace proactor::test {

/// A session with no I/O for bookkeeping tests: it records what was asked of it. Every
/// counter is atomic, so a test may read it from any thread.
class FakeSession final : public Session
{
 public:
  explicit FakeSession(SessionId id) : Session(id, "test") {}

  void send(Frame) override { sent.fetch_add(1); }
  void send(Frame, const SessionPtr&) override { sent.fetch_add(1); }
  void close() override { closed.store(true); }
  void stop() override { stopped.store(true); }
  void pause_reading() override {}
  void resume_reading() override {}
  void stop_input() override {}
  void hold_reading() override { holds.fetch_add(1); }
  void release_reading() override { releases.fetch_add(1); }
  const Codec& codec() const noexcept override { return codec_; }

  /// Holds placed and not released yet.
  int held() const noexcept { return holds.load() - releases.load(); }

  std::atomic<int> sent{0};
  std::atomic<int> holds{0};
  std::atomic<int> releases{0};
  std::atomic<bool> closed{false};
  std::atomic<bool> stopped{false};

 private:
  Codec codec_ = LengthPrefixCodec{};
};

}  // namespace proactor::test
