#include "file/file_io.hpp"

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace proactor::file {
namespace {

// Large enough that the hash, not the system call, dominates.
constexpr std::size_t kHashBlock = 256 * 1024;

}  // namespace

IoResult read_at(int fd, MutableBytes out, std::uint64_t offset)
{
  IoResult result;
  while (result.bytes < out.size()) {
    const ssize_t n = ::pread(fd, out.data() + result.bytes, out.size() - result.bytes,
                              static_cast<off_t>(offset + result.bytes));
    if (n < 0) {
      if (errno == EINTR) continue;
      result.error = errno;
      break;
    }
    if (n == 0) break;
    result.bytes += static_cast<std::size_t>(n);
  }
  return result;
}

int write_at(int fd, ConstBytes bytes, std::uint64_t offset)
{
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

IoResult hash_range(int fd, std::uint64_t begin, std::uint64_t end, Sha256& hash)
{
  IoResult result;
  if (end <= begin) return result;
  std::vector<std::byte> block(
      static_cast<std::size_t>(std::min<std::uint64_t>(end - begin, kHashBlock)));
  while (begin + result.bytes < end) {
    const auto want =
        static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), end - begin - result.bytes));
    const IoResult read = read_at(fd, MutableBytes(block.data(), want), begin + result.bytes);
    hash.update(ConstBytes(block.data(), read.bytes));
    result.bytes += read.bytes;
    if (read.error != 0) {
      result.error = read.error;
      break;
    }
    if (read.bytes < want) break;  // the file ends early
  }
  return result;
}

std::string errno_text(int error_number)
{
  return std::generic_category().message(error_number);
}

}  // namespace proactor::file
