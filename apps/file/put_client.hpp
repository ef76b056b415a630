#pragma once

#include "file/file_client.hpp"
#include "file/progress.hpp"
#include "file/rate_limiter.hpp"
#include "file/unique_fd.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace proactor::file {

/// `put LOCAL [REMOTE]`: hashes the local file, announces it, resumes where the server's
/// partial ends (after checking that the partial's digest matches the local prefix; if it
/// does not, starts over), streams the rest within the server's window and the session's
/// writability, and succeeds when the server's digest equals the local one.
///
/// Memory: at most one window of chunks is in flight, read from the file as they go.
/// Runs on the thread inside `run()`.
class PutClient final : public FileClient
{
 public:
  /// A put as `options` describe it, which must outlive the client.
  explicit PutClient(const FileClientOptions& options);

 private:
  bool prepare() override;
  void start(Session& session) override;
  void on_event(Session& session, Event& event) override;
  void resume(Session& session) override;
  void stop() override;

  void on_ready(Session& session, const PutReady& ready);
  void on_done(Session& session, const PutDone& done);
  void pump(Session& session);
  void wait_for_rate(Session& session, RateLimiter::clock::time_point until);

  UniqueFd file_;
  std::uint64_t size_ = 0;
  Digest sha256_{};
  bool restarted_ = false;
  bool ready_ = false;
  std::uint32_t window_ = 0;
  std::uint64_t max_chunk_ = kMaxChunk;
  std::uint64_t offset_ = 0;  // where this attempt started
  std::uint64_t sent_ = 0;
  std::uint64_t acked_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::optional<ProgressMeter> meter_;
  std::optional<RateLimiter> limiter_;
  boost::asio::steady_timer timer_;
  bool timer_armed_ = false;
  bool stopped_ = false;
};

}  // namespace proactor::file
