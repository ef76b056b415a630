#pragma once

#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/decode_result.hpp>
#include <proactor/net/length_prefix_codec.hpp>

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <functional>
#include <type_traits>
#include <utility>

namespace proactor {

/// Turns a byte stream into frames: owns the read buffer, and hands out each complete frame
/// in arrival order however the stream was split (half a frame or fifty frames per read).
///
/// Socket-free: the caller reads into prepare(), commit()s what arrived and calls decode().
/// Not thread safe; one owner (the session's read loop).
class FrameDecoder
{
 public:
  /// Creates a decoder splitting the stream with `codec`.
  explicit FrameDecoder(Codec codec = LengthPrefixCodec{});

  /// Writable space for the next read: at least `min_size` bytes; more if the pending frame
  /// is known to need more, or if the last frame was larger, up to 4 × `min_size` (peers
  /// tend to send frames of one size: one read then takes a whole frame); and whatever the
  /// buffer already has free beyond that. Grows the buffer by at most the codec's max frame
  /// plus header.
  MutableBytes prepare(std::size_t min_size);

  /// Marks `n` bytes written into prepare()'s span as received.
  void commit(std::size_t n);

  /// Calls `on_frame(ConstBytes payload)` for every complete frame buffered, in order; the
  /// span is valid only during the call. If `on_frame` returns false, decoding stops before
  /// consuming that frame, and the next call delivers it again (a paused reader's retry).
  /// Returns the number of frames consumed. On a protocol error sets error() and stops; the
  /// error is sticky. An exception from `on_frame` leaves that frame unconsumed.
  template <class OnFrame>
  std::size_t decode(OnFrame&& on_frame);

  /// Appends a copy of `bytes` and decodes; for tests and input that is not read in place.
  template <class OnFrame>
  std::size_t feed(ConstBytes bytes, OnFrame&& on_frame);

  /// The protocol error that stopped decoding; clear while the stream is valid.
  boost::system::error_code error() const noexcept { return error_; }
  /// Bytes held that do not yet form a frame (or that a paused caller has not accepted).
  std::size_t buffered() const noexcept { return buffer_.size(); }
  /// True when some bytes of an unfinished frame are held.
  bool has_partial_frame() const noexcept { return buffered() > 0; }
  /// Frees the buffer's memory when nothing is buffered, so idle connections pin none.
  void release_if_empty() noexcept;
  /// Exchanges the read buffer with `spare` when both hold no bytes (else does nothing), so
  /// that an idle reader can lend its memory to a pool and borrow some back. Returns true
  /// when they were exchanged.
  bool swap_buffer(Buffer& spare) noexcept;
  /// Bytes of memory the read buffer holds, buffered or not.
  std::size_t capacity() const noexcept { return buffer_.capacity(); }
  /// The codec splitting the stream.
  const Codec& codec() const noexcept { return codec_; }

 private:
  // The non-template half of decode(), so the loop's body is compiled once.
  DecodeResult next();
  void consume(std::size_t n);

  Codec codec_;
  Buffer buffer_;
  boost::system::error_code error_;
  std::size_t pending_total_ = 0;  // wire size of the frame being received, when known
  std::size_t last_total_ = 0;     // wire size of the last frame delivered: the next one's guess
};

template <class OnFrame>
std::size_t FrameDecoder::decode(OnFrame&& on_frame)
{
  using Result = std::invoke_result_t<OnFrame&, ConstBytes>;
  std::size_t delivered = 0;
  while (!error_) {
    const DecodeResult result = next();
    if (result.status != DecodeResult::Status::frame) break;
    if constexpr (std::is_void_v<Result>) {
      std::invoke(on_frame, result.payload);
    } else {
      static_assert(std::is_convertible_v<Result, bool>, "on_frame must return void or bool");
      if (!static_cast<bool>(std::invoke(on_frame, result.payload))) break;
    }
    // Only now: the payload span pointed into the buffer during the call.
    consume(result.consumed);
    ++delivered;
  }
  return delivered;
}

template <class OnFrame>
std::size_t FrameDecoder::feed(ConstBytes bytes, OnFrame&& on_frame)
{
  if (!error_) buffer_.append(bytes);
  return decode(std::forward<OnFrame>(on_frame));
}

}  // namespace proactor
