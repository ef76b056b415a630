#pragma once

#include <proactor/net/bytes.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>

// What every fuzz target shares: the invariant check and a cursor over the fuzzer's input.

/// Stops the run when `condition` is false: prints which invariant broke, then traps, so
/// libFuzzer saves the input as a crash.
#define PROACTOR_FUZZ_CHECK(condition)                                                    \
  do {                                                                                    \
    if (!(condition)) ::proactor::fuzz::broken_invariant(#condition, __FILE__, __LINE__); \
  } while (false)

/// Stops the run: a state that must never be reached, described by `what`.
#define PROACTOR_FUZZ_FAIL(what) ::proactor::fuzz::broken_invariant(what, __FILE__, __LINE__)

namespace proactor::fuzz {

/// Reports the broken invariant `what` found at `file`:`line` and traps.
[[noreturn]] inline void broken_invariant(const char* what, const char* file, int line)
{
  std::fprintf(stderr, "broken invariant: %s (%s:%d)\n", what, file, line);
  std::fflush(stderr);
  __builtin_trap();
}

/// The fuzzer's input as bytes.
inline ConstBytes input_bytes(const std::uint8_t* data, std::size_t size) noexcept
{
  return std::as_bytes(std::span<const std::uint8_t>(data, size));
}

/// True when `a` and `b` hold the same bytes.
inline bool same(ConstBytes a, ConstBytes b) noexcept
{
  return std::ranges::equal(a, b);
}

/// True when `whole` starts with the bytes of `prefix`.
inline bool starts_with(ConstBytes whole, ConstBytes prefix) noexcept
{
  return whole.size() >= prefix.size() && same(whole.first(prefix.size()), prefix);
}

/// Takes the input apart from the front: configuration bytes first, the data under test last.
class InputCursor
{
 public:
  explicit InputCursor(ConstBytes input) noexcept : rest_(input) {}

  /// The next byte, or 0 once the input is used up.
  std::uint8_t byte() noexcept
  {
    if (rest_.empty()) return 0;
    const auto b = std::to_integer<std::uint8_t>(rest_.front());
    rest_ = rest_.subspan(1);
    return b;
  }

  /// The next `n` bytes, or as many as are left.
  ConstBytes take(std::size_t n) noexcept
  {
    const ConstBytes part = rest_.first(std::min(n, rest_.size()));
    rest_ = rest_.subspan(part.size());
    return part;
  }

  /// Everything not taken yet.
  ConstBytes rest() const noexcept { return rest_; }

 private:
  ConstBytes rest_;
};

}  // namespace proactor::fuzz
