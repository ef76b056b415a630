// ChildProcess on Windows: CreateProcess with anonymous pipes, "\r\n" read as "\n".
// Anonymous pipes cannot be waited on with a timeout, so reads poll them (PeekNamedPipe).
// "Signals": SIGINT and SIGTERM set the child's stop event (proactor::stop_event_name, what proactor::StopSignals waits
// for), as an operator's Ctrl+C would; any other signal, or a child that does not catch yet,
// is TerminateProcess, reported as -signal like a POSIX kill.
#include "process.hpp"

#include <proactor/session/stop_signals.hpp>

#include <windows.h>

#include <csignal>
#include <fcntl.h>
#include <io.h>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

namespace proactor::test {
namespace {

using clock = std::chrono::steady_clock;

constexpr auto kPollInterval = std::chrono::milliseconds(2);

[[noreturn]] void throw_last_error(const std::string& what)
{
  throw std::system_error(static_cast<int>(::GetLastError()), std::system_category(), what);
}

HANDLE handle_of(int fd) { return reinterpret_cast<HANDLE>(::_get_osfhandle(fd)); }

// One pipe; the end the child gets is inheritable, ours is not.
struct Pipe
{
  HANDLE read = nullptr;
  HANDLE write = nullptr;

  explicit Pipe(bool child_reads)
  {
    SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    if (!::CreatePipe(&read, &write, &inherit, 1 << 16)) throw_last_error("CreatePipe");
    ::SetHandleInformation(child_reads ? write : read, HANDLE_FLAG_INHERIT, 0);
  }
  ~Pipe()
  {
    if (read) ::CloseHandle(read);
    if (write) ::CloseHandle(write);
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;

  // Our end as a CRT descriptor, which then owns it.
  static int adopt(HANDLE& handle, int flags)
  {
    const int fd = ::_open_osfhandle(reinterpret_cast<intptr_t>(handle), flags);
    if (fd < 0) throw std::runtime_error("_open_osfhandle failed");
    handle = nullptr;
    return fd;
  }
};

// Quotes one argument the way CommandLineToArgvW and the MinGW/MSVC runtimes split it.
std::string quote(const std::string& arg)
{
  if (!arg.empty() && arg.find_first_of(" \t\"") == std::string::npos) return arg;
  std::string out = "\"";
  std::size_t backslashes = 0;
  for (const char c : arg) {
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    out.append(c == '"' ? backslashes * 2 + 1 : backslashes, '\\');
    backslashes = 0;
    out += c;
  }
  out.append(backslashes * 2, '\\');
  out += '"';
  return out;
}

}  // namespace

ChildProcess::~ChildProcess()
{
  if (process_handle_ && !exit_code_) {
    ::TerminateProcess(process_handle_, 1);
    ::WaitForSingleObject(process_handle_, INFINITE);
  }
  if (process_handle_) ::CloseHandle(process_handle_);
  close_pipes();
}

void ChildProcess::start(const std::string& path, const std::vector<std::string>& args)
{
  if (pid_ != 0) throw std::logic_error("ChildProcess::start called twice");
  Pipe in(true), out(false), err(false);

  std::string command_line = quote(path);
  for (const std::string& arg : args) command_line += ' ' + quote(arg);

  STARTUPINFOA startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = in.read;
  startup.hStdOutput = out.write;
  startup.hStdError = err.write;
  PROCESS_INFORMATION info{};
  if (!::CreateProcessA(path.c_str(), command_line.data(), nullptr, nullptr, TRUE, 0, nullptr,
                        nullptr, &startup, &info))
    throw_last_error("cannot run " + path);
  ::CloseHandle(info.hThread);
  process_handle_ = info.hProcess;
  pid_ = static_cast<pid_t>(info.dwProcessId);

  stdin_fd_ = Pipe::adopt(in.write, _O_WRONLY | _O_BINARY);
  stdout_fd_ = Pipe::adopt(out.read, _O_RDONLY | _O_BINARY);
  stderr_fd_ = Pipe::adopt(err.read, _O_RDONLY | _O_BINARY);
}

void ChildProcess::write_stdin(std::string_view data, std::chrono::milliseconds /*timeout*/)
{
  // A blocking write: the pipe holds 64 KiB, more than any test writes before the child reads.
  if (stdin_fd_ < 0) throw std::logic_error("the child's stdin is closed");
  while (!data.empty()) {
    DWORD n = 0;
    if (!::WriteFile(handle_of(stdin_fd_), data.data(), static_cast<DWORD>(data.size()), &n,
                     nullptr))
      throw_last_error("write to child stdin");
    data.remove_prefix(n);
  }
}

void ChildProcess::send_signal(int signal)
{
  if (!process_handle_ || reap(false)) return;
  if (signal == SIGINT || signal == SIGTERM) {
    const std::string name = stop_event_name(static_cast<std::uint32_t>(pid_));
    if (HANDLE event = ::OpenEventA(EVENT_MODIFY_STATE, FALSE, name.c_str())) {
      ::SetEvent(event);
      ::CloseHandle(event);
      return;
    }
  }
  // What the default action of a signal does: the process ends, killed by `signal`.
  if (::TerminateProcess(process_handle_, 1)) {
    ::WaitForSingleObject(process_handle_, INFINITE);
    exit_code_ = -signal;
  }
}

std::optional<int> ChildProcess::wait_exit(std::chrono::milliseconds timeout)
{
  if (pid_ == 0) throw std::logic_error("ChildProcess::wait_exit before start");
  if (!exit_code_) {
    const auto ms = std::max<std::int64_t>(0, timeout.count());
    ::WaitForSingleObject(process_handle_, static_cast<DWORD>(std::min<std::int64_t>(ms, INFINITE - 1)));
  }
  reap(false);
  return exit_code_;
}

ChildProcess::ReadStatus ChildProcess::read_some(int& fd, std::string& into,
                                                 clock::time_point deadline)
{
  while (fd >= 0) {
    DWORD available = 0;
    if (!::PeekNamedPipe(handle_of(fd), nullptr, 0, nullptr, &available, nullptr)) {
      if (::GetLastError() == ERROR_BROKEN_PIPE) break;  // the child closed its end
      throw_last_error("read from child");
    }
    if (available == 0) {
      if (clock::now() >= deadline) return ReadStatus::timeout;
      std::this_thread::sleep_for(kPollInterval);
      continue;
    }
    char chunk[4096];
    DWORD n = 0;
    if (!::ReadFile(handle_of(fd), chunk, std::min<DWORD>(available, sizeof chunk), &n, nullptr)) {
      if (::GetLastError() == ERROR_BROKEN_PIPE) break;
      throw_last_error("read from child");
    }
    // The C runtime writes text-mode "\r\n" for '\n'; the tests compare POSIX text.
    const std::size_t from = into.empty() ? 0 : into.size() - 1;
    into.append(chunk, n);
    for (std::size_t at = from; (at = into.find("\r\n", at)) != std::string::npos;)
      into.erase(at, 1);
    return ReadStatus::data;
  }
  close_fd(fd);
  return ReadStatus::eof;
}

bool ChildProcess::reap(bool block)
{
  if (exit_code_) return true;
  if (::WaitForSingleObject(process_handle_, block ? INFINITE : 0) != WAIT_OBJECT_0) return false;
  DWORD code = 0;
  if (!::GetExitCodeProcess(process_handle_, &code)) throw_last_error("GetExitCodeProcess");
  exit_code_ = static_cast<int>(code);
  return true;
}

void ChildProcess::close_fd(int& fd) noexcept
{
  if (fd >= 0) ::_close(fd);
  fd = -1;
}

}  // namespace proactor::test
