#pragma once

#include "file/sha256.hpp"
#include <proactor/net/bytes.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

// Blocking positional file I/O that retries what POSIX lets fail halfway (short counts,
// EINTR), so that callers see "all of it", "end of file" or one errno.
namespace proactor::file {

/// The outcome of a positional read or hash: how many bytes were handled, and the errno
/// that stopped it early (0 when it stopped only at the end of the file or of the request).
struct IoResult
{
  std::size_t bytes = 0;
  int error = 0;
};

/// Reads up to `out.size()` bytes at `offset`; fewer only at the end of the file or on an
/// error. Any thread.
IoResult read_at(int fd, MutableBytes out, std::uint64_t offset);

/// Writes all of `bytes` at `offset`. Returns 0, or the errno that stopped it. Any thread.
int write_at(int fd, ConstBytes bytes, std::uint64_t offset);

/// Feeds the file's bytes from `begin` up to `end` into `hash`, in order. `bytes` says how
/// far it got: less than `end - begin` when the file is shorter or a read failed. Any thread.
IoResult hash_range(int fd, std::uint64_t begin, std::uint64_t end, Sha256& hash);

/// The message of `error_number` ("No space left on device"). Any thread.
std::string errno_text(int error_number);

}  // namespace proactor::file
