#pragma once

#include "loopback_client.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/handler.hpp>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace proactor::test {

/// What a session's close reported.
struct CloseEvent
{
  SessionId id = 0;
  CloseReason reason = CloseReason::local_close;
  boost::system::error_code ec;
};

/// A handler that echoes (optionally) and records every event, with deadline-bound waits.
class RecordingHandler : public Handler
{
 public:
  explicit RecordingHandler(bool echo = true) : echo_(echo) {}

  void on_open(const SessionPtr& session) override
  {
    std::lock_guard lock(mutex_);
    opened_.push_back(session->id());
    changed_.notify_all();
  }

  void on_frame(const SessionPtr& session, ConstBytes payload) override
  {
    if (echo_) session->send(payload);
    std::lock_guard lock(mutex_);
    frames_.push_back(to_string(payload));
    changed_.notify_all();
  }

  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override
  {
    std::lock_guard lock(mutex_);
    closes_.push_back({session->id(), reason, ec});
    changed_.notify_all();
  }

  /// Waits until at least `n` sessions closed; returns the first `n` close events, or
  /// nullopt at the deadline.
  std::optional<std::vector<CloseEvent>> wait_closes(std::size_t n,
                                                     std::chrono::milliseconds timeout = kDeadline)
  {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return closes_.size() >= n; })) return std::nullopt;
    return std::vector<CloseEvent>(closes_.begin(), closes_.begin() + static_cast<long>(n));
  }

  /// Waits for the first close event.
  std::optional<CloseEvent> wait_close(std::chrono::milliseconds timeout = kDeadline)
  {
    auto closes = wait_closes(1, timeout);
    if (!closes) return std::nullopt;
    return closes->front();
  }

  /// Waits until `n` frames have arrived in total.
  bool wait_frames(std::size_t n, std::chrono::milliseconds timeout = kDeadline)
  {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return frames_.size() >= n; });
  }

  /// Waits until `n` sessions have opened.
  bool wait_opens(std::size_t n, std::chrono::milliseconds timeout = kDeadline)
  {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return opened_.size() >= n; });
  }

  std::vector<std::string> frames() const
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
  bool echo_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<SessionId> opened_;
  std::vector<std::string> frames_;
  std::vector<CloseEvent> closes_;
};

}  // namespace proactor::test
