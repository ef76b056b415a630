#pragma once

#include <proactor/net/udp_options.hpp>

#include <cstddef>

namespace proactor {

/// How a UDP endpoint runs: its limits and its socket options. Plain values; copied into the
/// endpoint when it opens.
struct UdpConfig
{
  /// The largest datagram delivered; a larger one is dropped and counted as `oversize` (the
  /// receive buffer holds one byte more, which is how a larger datagram is told apart from
  /// one that fits exactly). The default takes any datagram IPv4 or IPv6 can carry.
  std::size_t max_datagram = 65'535;
  /// Datagrams accepted by `send_to` and not yet handed to the kernel. Beyond it `send_to`
  /// drops the datagram and counts it as `send_dropped`: memory stays bounded when the
  /// application produces faster than the socket drains, and no caller ever blocks.
  std::size_t send_queue_capacity = 1024;
  /// Set on the socket after it is opened and before it is bound.
  UdpOptions socket;
};

}  // namespace proactor
