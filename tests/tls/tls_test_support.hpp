#pragma once

// What the TLS tests share: certificates made at test time, and a blocking TLS client in
// which every operation has a deadline.

#include "loopback_client.hpp"
#include <proactor/session/connector.hpp>
#include <proactor/tls/tls_context.hpp>
#include <proactor/tls/tls_session.hpp>
#include <proactor/tls/tls_transport.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace proactor::test {

/// Where scripts/make-test-certs.sh put the throw-away certificates (the ctest fixture
/// `tls_certs` makes them; run directly, the first call makes them). Throws if it cannot.
const std::string& cert_dir();
/// `cert_dir()/name`.
std::string cert_path(std::string_view name);

/// The test server's config: localhost certificate and key.
tls::TlsConfig server_tls_config();
/// A client config trusting `ca` ("ca.pem" by default) from the test certificates.
tls::TlsConfig client_tls_config(std::string_view ca = "ca.pem");

/// A TLS transport whose failure lines are kept (for the test to read) instead of logged.
class CapturedLog
{
 public:
  /// A sink for `TlsTransportOptions::log`; any thread.
  std::function<void(std::string_view)> sink()
  {
    return [this](std::string_view line) {
      std::lock_guard lock(mutex_);
      lines_.emplace_back(line);
    };
  }
  /// The lines so far. Any thread.
  std::vector<std::string> lines() const
  {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

/// Framework clients (`async_connect`) on an io_context of their own thread, so that the
/// test thread never touches their sessions. Joined by the destructor.
class ClientThread
{
 public:
  ClientThread();
  ~ClientThread();
  ClientThread(const ClientThread&) = delete;
  ClientThread& operator=(const ClientThread&) = delete;

  /// Starts a connection (on the client thread) and returns the error it ended with: none
  /// once the session started. Waits at most kDeadline (then: timed_out).
  boost::system::error_code connect(const ConnectOptions& options,
                                    std::shared_ptr<Dispatcher> dispatcher);

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
};

/// How a TLS connection ended, as the client observes it.
enum class TlsEnding
{
  close_notify,  ///< the peer said goodbye (TLS EOF)
  truncated,     ///< the TCP connection ended without close_notify
  error,         ///< reset or another error
  timeout,       ///< nothing happened before the deadline
  data           ///< bytes arrived instead
};

/// A blocking TLS client over loopback; every call gives up at its deadline. Frames use the
/// default u32 length prefix. Not thread safe; one owner (the test).
class TlsTestClient
{
 public:
  /// Connects to 127.0.0.1:port (throws on failure); `handshake()` comes next.
  TlsTestClient(std::uint16_t port, const tls::TlsContext& context);

  /// Runs the client handshake, verifying `server_name` when the context verifies.
  boost::system::error_code handshake(std::string_view server_name = "localhost",
                                      std::chrono::milliseconds timeout = kDeadline);
  /// Writes all of `bytes`; false on error or timeout.
  bool write(std::string_view bytes, std::chrono::milliseconds timeout = kDeadline);
  /// Writes one u32-length-prefixed frame.
  bool write_frame(std::string_view payload, std::chrono::milliseconds timeout = kDeadline);
  /// Reads one u32-length-prefixed frame's payload, or nullopt.
  std::optional<std::string> read_frame(std::chrono::milliseconds timeout = kDeadline);
  /// Waits for the next read to end the connection, and says how.
  TlsEnding expect_closed(std::chrono::milliseconds timeout = kDeadline);
  /// Sends close_notify and waits for the peer's.
  boost::system::error_code shutdown(std::chrono::milliseconds timeout = kDeadline);
  /// Closes the TCP connection without close_notify (a peer that vanishes).
  void vanish();
  /// Sets SO_RCVBUF, so that a test can fill the path quickly.
  void set_receive_buffer(int bytes);

 private:
  template <class Start>
  bool run_op(Start&& start, std::chrono::milliseconds timeout);

  boost::asio::io_context io_;
  TlsStream stream_;
};

}  // namespace proactor::test
