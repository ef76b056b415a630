// Stop requests on Windows. There is no SIGTERM to send to another process, and Ctrl+C only
// reaches programs sharing the sender's console. So a process owns one manual-reset named
// event, `Local\proactor-stop-PID`: setting it (a test, a service wrapper, the console handler
// below) asks the process to stop. Asio waits for it on the IOCP thread pool (object_handle),
// so no thread of ours blocks.
#include <proactor/session/stop_signals.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/windows/object_handle.hpp>
#include <boost/system/system_error.hpp>

#include <windows.h>

#include <mutex>

namespace proactor {
namespace {

// The process's stop event, created once and never closed: the console handler may run on a
// thread of its own at any time.
HANDLE process_stop_event()
{
  static const HANDLE event = [] {
    const std::string name = stop_event_name(static_cast<std::uint32_t>(::GetCurrentProcessId()));
    HANDLE created = ::CreateEventA(nullptr, TRUE, FALSE, name.c_str());
    if (!created)
      throw boost::system::system_error(static_cast<int>(::GetLastError()),
                                        boost::system::system_category(), "CreateEvent " + name);
    return created;
  }();
  return event;
}

// Ctrl+C, Ctrl+Break and closing the console window: what SIGINT/SIGTERM are on POSIX.
BOOL WINAPI on_console_event(DWORD type)
{
  switch (type) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
    case CTRL_CLOSE_EVENT:
    case CTRL_SHUTDOWN_EVENT:
      ::SetEvent(process_stop_event());
      return TRUE;
    default:
      return FALSE;
  }
}

HANDLE duplicate(HANDLE handle)
{
  HANDLE copy = nullptr;
  if (!::DuplicateHandle(::GetCurrentProcess(), handle, ::GetCurrentProcess(), &copy, 0, FALSE,
                         DUPLICATE_SAME_ACCESS))
    throw boost::system::system_error(static_cast<int>(::GetLastError()),
                                      boost::system::system_category(), "DuplicateHandle");
  return copy;
}

}  // namespace

struct StopSignals::Impl
{
  explicit Impl(boost::asio::io_context& io) : event(io, duplicate(process_stop_event()))
  {
    static std::once_flag installed;
    std::call_once(installed, [] { ::SetConsoleCtrlHandler(on_console_event, TRUE); });
  }
  boost::asio::windows::object_handle event;  // owns its duplicate of the process's event
};

StopSignals::StopSignals(boost::asio::io_context& io) : impl_(std::make_unique<Impl>(io)) {}

StopSignals::~StopSignals() { cancel(); }

void StopSignals::async_wait(std::function<void()> on_stop)
{
  impl_->event.async_wait([on_stop = std::move(on_stop)](boost::system::error_code ec) {
    if (!ec) on_stop();
  });
}

void StopSignals::cancel() noexcept
{
  boost::system::error_code ignored;
  impl_->event.cancel(ignored);
}

}  // namespace proactor
