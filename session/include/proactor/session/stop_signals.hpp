#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace proactor {

/// The operating system's request that the process stop, in one place per platform:
///
/// - POSIX (`stop_signals_posix.cpp`): SIGINT and SIGTERM.
/// - Windows (`stop_signals_windows.cpp`): the console's Ctrl+C, Ctrl+Break and close events,
///   and the named event `stop_event_name(pid)`, which is how another program (a test, a
///   service wrapper) asks a console program without a shared console to stop: Windows has
///   no SIGTERM to send.
///
/// Catching starts at construction; a request that arrives before `async_wait` is kept.
/// Not thread safe; one owner, handlers run on the `io_context` given.
class StopSignals
{
 public:
  /// Starts catching stop requests; the handler of `async_wait` will run on `io`.
  explicit StopSignals(boost::asio::io_context& io);
  /// Stops catching (cancels a pending wait).
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// Calls `on_stop` once, on the `io_context`, when a stop request arrives; never after
  /// `cancel` or destruction.
  void async_wait(std::function<void()> on_stop);
  /// Drops a pending wait without calling it.
  void cancel() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Windows: the name of the event that asks process `pid` to stop when set
/// (`Local\proactor-stop-PID`). Defined on every platform so that portable code can name it.
inline std::string stop_event_name(std::uint32_t pid)
{
  return "Local\\proactor-stop-" + std::to_string(pid);
}

}  // namespace proactor
