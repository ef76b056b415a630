#pragma once

#include <proactor/session/connector.hpp>
#include <proactor/session/dispatcher.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <thread>

namespace proactor::test {

/// Framework clients (`async_connect`) on an io_context of their own thread, so that the
/// test thread never touches their sessions. Joined by the destructor; sessions still open
/// are destroyed with the context, after the thread is gone.
class ClientThread
{
 public:
  ClientThread();
  ~ClientThread();
  ClientThread(const ClientThread&) = delete;
  ClientThread& operator=(const ClientThread&) = delete;

  /// Starts a connection (on the client thread) and returns the error it ended with: none
  /// once the session started. Waits at most kDeadline (then: timed_out). Test thread.
  boost::system::error_code connect(const ConnectOptions& options,
                                    std::shared_ptr<Dispatcher> dispatcher);

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;
};

}  // namespace proactor::test
