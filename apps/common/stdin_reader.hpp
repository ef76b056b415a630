#pragma once

#include <memory>
#include <string>

namespace proactor::apps {

/// The interactive clients' stdin: blocking reads that another thread can interrupt (when the
/// connection ends). One implementation per platform: stdin_reader_posix.cpp (poll on stdin
/// and a wake-up pipe), stdin_reader_windows.cpp (a reader thread; a console or pipe handle
/// cannot be waited on together with an event in one portable call).
class StdinReader
{
 public:
  /// What `read` found.
  enum class Result
  {
    /// Bytes were appended.
    data,
    /// stdin ended.
    eof,
    /// `wake` was called.
    woken,
    /// Reading failed; `error` says why.
    failed
  };

  StdinReader();
  ~StdinReader();
  StdinReader(const StdinReader&) = delete;
  StdinReader& operator=(const StdinReader&) = delete;

  /// Blocks until stdin has bytes (appended to `into`), ends, fails, or `wake` was called.
  /// One reader thread.
  Result read(std::string& into, std::string& error);
  /// Makes the current or next `read` return `woken`. Any thread.
  void wake() noexcept;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace proactor::apps
