#pragma once

#include "loopback_client.hpp"
#include <proactor/tls/tls_context.hpp>
#include <proactor/tls/tls_session.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace proactor::test {

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
