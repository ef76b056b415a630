#pragma once

#include "loopback_client.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/udp_address.hpp>
#include <proactor/session/udp_endpoint.hpp>
#include <proactor/session/udp_handler.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace proactor::test {

/// One datagram as a UDP handler saw it.
struct Received
{
  UdpAddress from;
  std::string bytes;
};

/// A UDP handler that echoes (optionally) and records every event, with deadline-bound waits.
/// Thread safe: the endpoint's thread records, the test thread waits.
class RecordingUdpHandler : public UdpHandler
{
 public:
  explicit RecordingUdpHandler(bool echo = false) : echo_(echo) {}

  void on_datagram(const UdpEndpointPtr& endpoint, const UdpAddress& from,
                   ConstBytes bytes) override
  {
    if (echo_) endpoint->send_to(from, bytes);
    std::lock_guard lock(mutex_);
    received_.push_back({from, to_string(bytes)});
    changed_.notify_all();
  }

  void on_error(const UdpEndpointPtr&, boost::system::error_code ec) override
  {
    std::lock_guard lock(mutex_);
    errors_.push_back(ec);
    changed_.notify_all();
  }

  void on_close(const UdpEndpointPtr&, boost::system::error_code ec) override
  {
    std::lock_guard lock(mutex_);
    closes_.push_back(ec);
    changed_.notify_all();
  }

  /// Waits until `n` datagrams arrived in total; returns them all, or nullopt at the deadline.
  std::optional<std::vector<Received>> wait_datagrams(std::size_t n,
                                                      std::chrono::milliseconds timeout = kDeadline)
  {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return received_.size() >= n; }))
      return std::nullopt;
    return received_;
  }

  /// Waits for the first error reported; nullopt at the deadline.
  std::optional<boost::system::error_code> wait_error(std::chrono::milliseconds timeout = kDeadline)
  {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return !errors_.empty(); })) return std::nullopt;
    return errors_.front();
  }

  /// Waits for the first `on_close`; nullopt at the deadline.
  std::optional<boost::system::error_code> wait_close(std::chrono::milliseconds timeout = kDeadline)
  {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, timeout, [&] { return !closes_.empty(); })) return std::nullopt;
    return closes_.front();
  }

  /// Everything received so far.
  std::vector<Received> received() const
  {
    std::lock_guard lock(mutex_);
    return received_;
  }

  /// How many times `on_close` ran.
  std::size_t close_count() const
  {
    std::lock_guard lock(mutex_);
    return closes_.size();
  }

 private:
  bool echo_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Received> received_;
  std::vector<boost::system::error_code> errors_;
  std::vector<boost::system::error_code> closes_;
};

/// An io_context run by one thread for the life of the object: a test's own "I/O thread".
class IoThread
{
 public:
  /// Starts the thread, which runs `io` until destruction.
  IoThread() : thread_([this] { io.run(); }) {}
  /// Stops the context and joins the thread.
  ~IoThread()
  {
    guard_.reset();
    io.stop();
    thread_.join();
  }
  IoThread(const IoThread&) = delete;
  IoThread& operator=(const IoThread&) = delete;

  /// The context the thread runs; open endpoints on it.
  boost::asio::io_context io{1};

 private:
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_{
      io.get_executor()};
  std::thread thread_;
};

}  // namespace proactor::test
