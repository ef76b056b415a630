#pragma once

#include "run_until.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace proactor::test {

/// Blocking reads and writes over any Asio stream (a TCP socket, a TLS stream) whose
/// operations run on a context the caller owns and no one else runs. Every call gives up at
/// its deadline: the stream's operations are then cancelled and their handlers allowed to
/// finish, so nothing refers to the caller's frame afterwards. Frames are u32-length-prefixed.
template <class Stream>
class DeadlineIo
{
 public:
  /// Drives `stream` on `io`; both must outlive this object.
  DeadlineIo(boost::asio::io_context& io, Stream& stream) : io_(io), stream_(stream) {}

  /// Calls `start(done)` to begin an operation whose handler sets `done`, and runs `io` until
  /// it is set or `timeout` passes; false at the deadline (the operation is then cancelled).
  template <class Start>
  bool run(Start&& start, std::chrono::milliseconds timeout)
  {
    bool done = false;
    start(done);
    if (run_until(io_, [&] { return done; }, timeout)) return true;
    boost::system::error_code ignored;
    stream_.lowest_layer().cancel(ignored);
    run_until(io_, [&] { return done; }, std::chrono::seconds(5));
    return false;
  }

  /// Writes all of `bytes`; false on error or timeout.
  bool write(std::string_view bytes, std::chrono::milliseconds timeout)
  {
    boost::system::error_code result = boost::asio::error::timed_out;
    run(
        [&](bool& done) {
          boost::asio::async_write(stream_, boost::asio::buffer(bytes.data(), bytes.size()),
                                   [&](boost::system::error_code ec, std::size_t) {
                                     result = ec;
                                     done = true;
                                   });
        },
        timeout);
    return !result;
  }

  /// Reads exactly `n` bytes, or nullopt on EOF, error or timeout.
  std::optional<std::string> read_exact(std::size_t n, std::chrono::milliseconds timeout)
  {
    std::string out(n, '\0');
    boost::system::error_code result = boost::asio::error::timed_out;
    run(
        [&](bool& done) {
          boost::asio::async_read(stream_, boost::asio::buffer(out.data(), out.size()),
                                  [&](boost::system::error_code ec, std::size_t) {
                                    result = ec;
                                    done = true;
                                  });
        },
        timeout);
    if (result) return std::nullopt;
    return out;
  }

  /// Reads one u32-length-prefixed frame's payload, or nullopt.
  std::optional<std::string> read_frame(std::chrono::milliseconds timeout)
  {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const auto header = read_exact(4, timeout);
    if (!header) return std::nullopt;
    std::size_t length = 0;
    for (const char c : *header) length = (length << 8) | static_cast<unsigned char>(c);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return read_exact(length, std::max(left, std::chrono::milliseconds(1)));
  }

 private:
  boost::asio::io_context& io_;
  Stream& stream_;
};

}  // namespace proactor::test
