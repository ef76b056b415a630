#pragma once

#include <unistd.h>
#include <utility>

namespace proactor::file {

/// Owns one POSIX file descriptor and closes it at the end of its life. Move-only. Not
/// thread safe; one owner.
class UniqueFd
{
 public:
  /// Owns nothing.
  UniqueFd() = default;
  /// Owns `fd` (-1 for nothing).
  explicit UniqueFd(int fd) noexcept : fd_(fd) {}
  /// Takes `other`'s descriptor; `other` owns nothing after.
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  /// Closes the descriptor held, then takes `other`'s.
  UniqueFd& operator=(UniqueFd&& other) noexcept
  {
    if (this != &other) reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  /// Closes the descriptor held, if any.
  ~UniqueFd() { reset(); }

  /// The descriptor, or -1.
  int get() const noexcept { return fd_; }
  /// True when a descriptor is held.
  explicit operator bool() const noexcept { return fd_ >= 0; }
  /// Closes the descriptor held (a close error is lost: nothing is written through it that
  /// was not synced first) and owns `fd` instead.
  void reset(int fd = -1) noexcept
  {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

}  // namespace proactor::file
