#pragma once

#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>

#include <cstddef>
#include <memory>
#include <utility>

namespace proactor {

/// An encoded frame ready for the wire (header + payload, or payload + delimiter).
///
/// Immutable and cheap to copy: copies share one buffer, so a broadcast encodes once and
/// queues the same bytes on many sessions. Copies may be used from different threads, as
/// nothing ever writes the shared bytes; a single Frame object has one owner.
class Frame
{
 public:
  /// A frame with no bytes.
  Frame() = default;

  /// Takes ownership of `wire` (its readable bytes are the frame) without copying them.
  explicit Frame(Buffer&& wire) : wire_(std::make_shared<const Buffer>(std::move(wire))) {}

  /// The exact bytes to send.
  ConstBytes bytes() const noexcept { return wire_ ? wire_->readable() : ConstBytes{}; }
  /// Number of bytes to send.
  std::size_t size() const noexcept { return wire_ ? wire_->size() : 0; }
  /// True when there is nothing to send.
  bool empty() const noexcept { return size() == 0; }

 private:
  std::shared_ptr<const Buffer> wire_;
};

}  // namespace proactor
