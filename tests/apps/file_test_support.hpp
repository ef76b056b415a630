#pragma once

// Helpers shared by the file transfer tests: a temporary directory per test, files of a
// pseudo-random pattern written and compared in blocks (never whole in memory), and one
// request out or one event in over a blocking loopback client.

#include "file/file_message.hpp"
#include "file/sha256.hpp"
#include "loopback_client.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/net/packet_writer.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace proactor::test {

namespace fs = std::filesystem;

/// A fresh directory under the system's temporary directory, removed with everything in it
/// when the object goes. Unique per process and object, so parallel tests never meet.
class TempDir
{
 public:
  TempDir()
  {
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    path_ =
        fs::temp_directory_path() / ("proactor-file-test-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(counter++) + "-" + std::to_string(random()));
    fs::create_directories(path_);
  }
  ~TempDir()
  {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// The directory.
  const fs::path& path() const noexcept { return path_; }
  /// A path inside it.
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

/// Block size of the pattern and comparison helpers.
inline constexpr std::size_t kBlock = 1024 * 1024;

/// Writes `size` pseudo-random bytes (xorshift64, seeded with `seed`) to `path`, one block at
/// a time, and returns their SHA-256.
inline file::Digest write_pattern_file(const fs::path& path, std::uint64_t size,
                                       std::uint64_t seed = 0x9e3779b97f4a7c15)
{
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::vector<std::uint64_t> block(kBlock / sizeof(std::uint64_t));
  std::uint64_t state = seed | 1;
  file::Sha256 hash;
  for (std::uint64_t written = 0; written < size;) {
    for (auto& word : block) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      word = state;
    }
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, size - written));
    const auto bytes = std::as_bytes(std::span(block)).first(n);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(n));
    hash.update(bytes);
    written += n;
  }
  return hash.finish();
}

/// The SHA-256 of the file at `path`, read one block at a time; nullopt if it cannot be read.
inline std::optional<file::Digest> file_sha256(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<char> block(kBlock);
  file::Sha256 hash;
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    hash.update(as_bytes(std::string_view(block.data(), static_cast<std::size_t>(in.gcount()))));
  }
  return hash.finish();
}

/// True when the two files hold the same bytes, compared one block at a time.
inline bool same_contents(const fs::path& a, const fs::path& b)
{
  std::ifstream in_a(a, std::ios::binary);
  std::ifstream in_b(b, std::ios::binary);
  if (!in_a || !in_b || fs::file_size(a) != fs::file_size(b)) return false;
  std::vector<char> block_a(kBlock);
  std::vector<char> block_b(kBlock);
  while (in_a && in_b) {
    in_a.read(block_a.data(), static_cast<std::streamsize>(kBlock));
    in_b.read(block_b.data(), static_cast<std::streamsize>(kBlock));
    if (in_a.gcount() != in_b.gcount() ||
        !std::equal(block_a.begin(), block_a.begin() + in_a.gcount(), block_b.begin()))
      return false;
  }
  return true;
}

/// Writes `text` to `path`, replacing it.
inline void write_text(const fs::path& path, std::string_view text)
{
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(text.data(), static_cast<std::streamsize>(text.size()));
}

/// The whole (small) file at `path`.
inline std::string read_text(const fs::path& path)
{
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Sends `request` as one frame; false on error or timeout.
inline bool send_request(LoopbackClient& client, const file::Request& request)
{
  PacketWriter writer;
  file::write(writer, request);
  return client.write_frame(as_string_view(writer.bytes()));
}

/// The next event, or nullopt on timeout, close or a payload that does not parse. A data
/// event's bytes view `storage`, which must outlive their use.
inline std::optional<file::Event> read_event(LoopbackClient& client, std::string& storage,
                                             std::chrono::milliseconds timeout = kDeadline)
{
  auto payload = client.read_frame(timeout);
  if (!payload) return std::nullopt;
  storage = std::move(*payload);
  file::Event event;
  if (file::parse(as_bytes(storage), event) != file::ErrorCode::none) return std::nullopt;
  return event;
}

}  // namespace proactor::test
