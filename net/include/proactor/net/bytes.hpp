#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace proactor {

/// A read-only view of bytes owned elsewhere.
using ConstBytes = std::span<const std::byte>;

/// A writable view of bytes owned elsewhere.
using MutableBytes = std::span<std::byte>;

/// Views the characters of `text` as bytes, without copying.
inline ConstBytes as_bytes(std::string_view text) noexcept
{
  return std::as_bytes(std::span<const char>(text.data(), text.size()));
}

/// Views `bytes` as characters, without copying.
inline std::string_view as_string_view(ConstBytes bytes) noexcept
{
  // Viewing any object's bytes through char is the one aliasing the language allows.
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

/// Copies `bytes` into a new string.
inline std::string to_string(ConstBytes bytes)
{
  return std::string(as_string_view(bytes));
}

}  // namespace proactor
