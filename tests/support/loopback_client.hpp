#pragma once

#include <proactor/session/basic_session.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace proactor::test {

using namespace std::chrono_literals;

/// Every wait in the tests is bounded by this unless a test says otherwise.
inline constexpr std::chrono::milliseconds kDeadline{10'000};

/// How a peer's connection ended, as a client observes it.
enum class Ending
{
  eof,
  reset,
  timeout,
  data
};

/// A blocking test client over loopback in which every operation has a deadline, so a hang
/// fails the test instead of stalling it. Frames use the default u32 length prefix.
class LoopbackClient
{
 public:
  /// Connects to host:port or throws (within `timeout`).
  explicit LoopbackClient(std::uint16_t port, std::string_view host = "127.0.0.1",
                          std::chrono::milliseconds timeout = kDeadline);

  /// Writes all of `bytes`; false on error or timeout.
  bool write(std::string_view bytes, std::chrono::milliseconds timeout = kDeadline);
  /// Writes one u32-length-prefixed frame.
  bool write_frame(std::string_view payload, std::chrono::milliseconds timeout = kDeadline);
  /// Reads exactly `n` bytes, or nullopt on EOF, error or timeout.
  std::optional<std::string> read_exact(std::size_t n,
                                        std::chrono::milliseconds timeout = kDeadline);
  /// Reads one u32-length-prefixed frame's payload, or nullopt.
  std::optional<std::string> read_frame(std::chrono::milliseconds timeout = kDeadline);
  /// Reads and discards until the connection ends; says how (data means bytes kept coming
  /// until the deadline).
  Ending read_until_closed(std::chrono::milliseconds timeout = kDeadline);
  /// Waits for the next read to end the connection: eof, reset, timeout (nothing came), or
  /// data (bytes arrived instead).
  Ending expect_closed(std::chrono::milliseconds timeout = kDeadline);

  /// Sends FIN (half close); reading still works.
  void shutdown_send();
  /// Closes with RST (SO_LINGER 0).
  void reset();
  /// Closes normally.
  void close();
  /// Sets SO_RCVBUF (before data flows) so a test can fill the path quickly.
  void set_receive_buffer(int bytes);
  /// The local port of this connection.
  std::uint16_t local_port() const;

 private:
  template <class Start>
  bool run_op(Start&& start, std::chrono::milliseconds timeout);

  boost::asio::io_context io_;
  TcpSocket socket_;
};

/// u32 big-endian length + payload, as a string of wire bytes.
std::string encode_frame(std::string_view payload);

/// A port on 127.0.0.1 that nothing listens on (bound, read, released).
std::uint16_t unused_port();

}  // namespace proactor::test
