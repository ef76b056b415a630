#pragma once

#include "file/file_client.hpp"
#include "file/progress.hpp"
#include "file/rate_limiter.hpp"
#include "file/sha256.hpp"
#include "file/unique_fd.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace proactor::file {

/// `get REMOTE [LOCAL]`: writes into LOCAL.part, asking the server to start where an earlier
/// attempt's partial ends (after checking the server's digest of that prefix against the
/// partial's; if they differ, starts over), acknowledges what it wrote so the server keeps
/// sending, and renames the partial to LOCAL only when the whole file hashes to the digest
/// the server announced. A mismatch removes the partial; any other failure keeps it for the
/// next run.
///
/// Memory: the server keeps at most one window in flight; each chunk is written as it
/// arrives. Runs on the thread inside `run()`.
class GetClient final : public FileClient
{
 public:
  /// A get as `options` describe it, which must outlive the client.
  explicit GetClient(const FileClientOptions& options);

 private:
  bool prepare() override;
  void start(Session& session) override;
  void on_event(Session& session, Event& event) override;
  bool on_error(Session& session, const ErrorEvent& error) override;
  void stop() override;

  void on_ready(Session& session, const GetReady& ready);
  void on_data(Session& session, const DataChunk& chunk);
  void start_over(Session& session, std::string_view why);
  void acknowledge(Session& session);
  void complete(Session& session);

  std::string partial_path_;
  UniqueFd file_;
  std::uint64_t requested_ = 0;  // the offset asked for: the partial's size
  bool restarted_ = false;
  bool ready_ = false;
  bool completed_ = false;
  std::uint64_t size_ = 0;
  Digest sha256_{};
  std::uint32_t window_ = 0;
  std::uint64_t received_ = 0;
  std::uint64_t acked_ = 0;
  Sha256 hash_;
  std::chrono::steady_clock::time_point started_;
  std::optional<ProgressMeter> meter_;
  std::optional<RateLimiter> limiter_;
  boost::asio::steady_timer timer_;
  bool timer_armed_ = false;
  bool stopped_ = false;
};

}  // namespace proactor::file
