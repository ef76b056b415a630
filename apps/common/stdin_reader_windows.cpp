#include "common/stdin_reader.hpp"

#include <windows.h>

#include <condition_variable>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace proactor::apps {

// A thread blocks in ReadFile on stdin (a console, a pipe or a file alike) and hands what it
// read over; `read` waits for that or for `wake`. It reads the next chunk only once `read` has
// taken the last, so a client that cannot send stops reading stdin instead of buffering it
// all. The thread is detached: at the end of a run it may still sit in ReadFile, and process
// exit ends it. It shares this state, so it never outlives what it touches.
struct StdinReader::Impl
{
  std::mutex mutex;
  std::condition_variable changed;
  std::string buffer;
  bool eof = false;
  bool woken = false;
  std::string error;
  bool reader_started = false;

  // The reader thread's loop.
  void read_stdin();
};

void StdinReader::Impl::read_stdin()
{
  const HANDLE input = ::GetStdHandle(STD_INPUT_HANDLE);
  char chunk[4096];
  for (;;) {
    DWORD n = 0;
    const BOOL ok = ::ReadFile(input, chunk, sizeof chunk, &n, nullptr);
    const DWORD code = ok ? 0 : ::GetLastError();
    std::unique_lock lock(mutex);
    if (!ok && code != ERROR_BROKEN_PIPE && code != ERROR_HANDLE_EOF)
      error = "cannot read stdin: " + std::system_category().message(static_cast<int>(code));
    else if (n == 0)
      eof = true;
    else
      buffer.append(chunk, n);
    changed.notify_all();
    if (!error.empty() || eof) return;
    changed.wait(lock, [this] { return buffer.empty() || woken; });
    if (woken) return;
  }
}

StdinReader::StdinReader() : impl_(std::make_shared<Impl>()) {}

StdinReader::~StdinReader() = default;

StdinReader::Result StdinReader::read(std::string& into, std::string& error)
{
  std::unique_lock lock(impl_->mutex);
  if (!std::exchange(impl_->reader_started, true))
    std::thread([impl = impl_] { impl->read_stdin(); }).detach();
  impl_->changed.wait(lock, [this] {
    return impl_->woken || !impl_->buffer.empty() || impl_->eof || !impl_->error.empty();
  });
  if (impl_->woken) return Result::woken;
  if (!impl_->buffer.empty()) {
    into += impl_->buffer;
    impl_->buffer.clear();
    impl_->changed.notify_all();  // the reader thread may read on
    return Result::data;
  }
  if (!impl_->error.empty()) {
    error = impl_->error;
    return Result::failed;
  }
  return Result::eof;
}

void StdinReader::wake() noexcept
{
  std::lock_guard lock(impl_->mutex);
  impl_->woken = true;
  impl_->changed.notify_all();
}

}  // namespace proactor::apps
