#pragma once

#include <proactor/net/bytes.hpp>
#include <proactor/session/udp_address.hpp>

#include <boost/system/error_code.hpp>

#include <memory>

namespace proactor {

class UdpEndpoint;
/// How applications and the framework hold a UDP endpoint. The endpoint's pending receive
/// owns it too, until it is closed.
using UdpEndpointPtr = std::shared_ptr<UdpEndpoint>;

/// What an application implements to serve a UDP endpoint.
///
/// Every callback runs on the endpoint's I/O thread, one at a time, so a handler that serves
/// one endpoint needs no lock; a handler shared by endpoints on several I/O threads does for
/// the state they share. `on_close` is the last callback.
class UdpHandler
{
 public:
  virtual ~UdpHandler() = default;

  /// One datagram of `bytes.size()` bytes (possibly 0) arrived from `from`. `bytes` is valid
  /// only during the call: the receive buffer is reused for the next datagram. Reply with
  /// `endpoint->send_to(from, ...)`.
  virtual void on_datagram(const UdpEndpointPtr& endpoint, const UdpAddress& from,
                           ConstBytes bytes) = 0;

  /// A send or a receive failed with `ec` (e.g. "Permission denied" for a broadcast without
  /// SO_BROADCAST, "Network is unreachable"); it is counted and the endpoint carries on.
  virtual void on_error(const UdpEndpointPtr& /*endpoint*/, boost::system::error_code /*ec*/) {}

  /// The endpoint has closed: `close()` or a server stop (`ec` empty), or a receive error that
  /// would not go away (`ec` says which). The last callback; `send_to` now drops.
  virtual void on_close(const UdpEndpointPtr& /*endpoint*/, boost::system::error_code /*ec*/) {}
};

}  // namespace proactor
