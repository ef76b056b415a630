#include "udp/udp_echo_handler.hpp"

#include <proactor/session/udp_endpoint.hpp>

namespace proactor::udp {

void UdpEchoHandler::on_datagram(const UdpEndpointPtr& endpoint, const UdpAddress& from,
                                 ConstBytes bytes)
{
  endpoint->send_to(from, bytes);
}

}  // namespace proactor::udp
