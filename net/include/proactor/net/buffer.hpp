#pragma once

#include <proactor/net/bytes.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace proactor {

/// A growable byte buffer with cheap room in front, so a frame header can be written after
/// its payload without moving the payload. One contiguous allocation:
///
///     +-------------------+------------------+------------------+
///     | prependable bytes |  readable bytes  |  writable bytes  |
///     |                   |    (content)     |                  |
///     +-------------------+------------------+------------------+
///     0        <=     read_index   <=   write_index    <=    capacity()
///
/// Reading advances read_index (consume); writing advances write_index (prepare + commit);
/// prepend moves read_index back. When the content is fully consumed both indices return to
/// the initial prepend offset, so a buffer that is drained between reads never grows.
///
/// Not thread safe; one owner. Spans returned by readable(), prepare() and writable_span()
/// stay valid until the next call that may grow or compact the buffer (append, prepare,
/// release).
class Buffer
{
 public:
  /// Prepend room reserved by default: enough for any length header we write.
  static constexpr std::size_t kCheapPrepend = 8;

  /// Creates a buffer with `initial_size` writable bytes and `prepend` bytes of front room.
  explicit Buffer(std::size_t initial_size = 0, std::size_t prepend = kCheapPrepend);

  /// Takes the bytes of `other`, which is left empty (with no memory).
  Buffer(Buffer&& other) noexcept;
  /// Takes the bytes of `other`, which is left empty (with no memory).
  Buffer& operator=(Buffer&& other) noexcept;
  /// Copies the whole layout, including the prepend room.
  Buffer(const Buffer&) = default;
  /// Copies the whole layout, including the prepend room.
  Buffer& operator=(const Buffer&) = default;
  ~Buffer() = default;

  /// The content: bytes written and not yet consumed.
  ConstBytes readable() const noexcept { return {data_.data() + read_, write_ - read_}; }
  /// Number of readable bytes.
  std::size_t size() const noexcept { return write_ - read_; }
  /// True when there is no readable byte.
  bool empty() const noexcept { return read_ == write_; }
  /// Room in front of the content, available to prepend().
  std::size_t prependable_bytes() const noexcept { return read_; }
  /// Room after the content, available without growing.
  std::size_t writable_bytes() const noexcept { return data_.size() - write_; }
  /// Total bytes held: prependable + readable + writable.
  std::size_t capacity() const noexcept { return data_.size(); }

  /// All writable bytes after the content, without growing; pair with commit().
  MutableBytes writable_span() noexcept { return {data_.data() + write_, writable_bytes()}; }

  /// Copies `bytes` after the content; `bytes` must not view this buffer.
  void append(ConstBytes bytes);
  /// Copies the characters of `text` after the content.
  void append(std::string_view text) { append(as_bytes(text)); }

  /// Returns exactly `n` writable bytes after the content, compacting or growing as needed.
  MutableBytes prepare(std::size_t n);
  /// Makes `n` bytes written into prepare()'s span readable; throws std::out_of_range if
  /// `n` exceeds writable_bytes().
  void commit(std::size_t n);

  /// Copies `bytes` in front of the content; throws std::length_error if it does not fit
  /// in the prepend room.
  void prepend(ConstBytes bytes);

  /// Drops the first `n` readable bytes; throws std::out_of_range if `n` exceeds size().
  void consume(std::size_t n);
  /// Drops all content, keeping the memory.
  void clear() noexcept;
  /// Drops all content and frees the memory (an idle buffer then pins nothing).
  void release() noexcept;

 private:
  void make_space(std::size_t n);
  std::size_t home() const noexcept;

  std::vector<std::byte> data_;
  std::size_t prepend_;  // where the content starts when the buffer is empty
  std::size_t read_;
  std::size_t write_;
};

}  // namespace proactor
