#pragma once

#include <proactor/session/udp_handler.hpp>

namespace proactor::udp {

/// Sends every datagram back to the address it came from, unchanged. Stateless, so one
/// handler may serve endpoints on any number of I/O threads.
class UdpEchoHandler final : public UdpHandler
{
 public:
  /// Queues the datagram back to `from`; when the send queue is full it is dropped (and
  /// counted by the endpoint), as the network itself may drop it. On the endpoint's thread.
  void on_datagram(const UdpEndpointPtr& endpoint, const UdpAddress& from,
                   ConstBytes bytes) override;
};

}  // namespace proactor::udp
