#include "calc/calc_handler.hpp"

#include "calc/calc_protocol.hpp"
#include <proactor/net/packet_writer.hpp>

namespace proactor::calc {

void CalcHandler::on_frame(const SessionPtr& session, ConstBytes payload)
{
  PacketWriter writer(kReplySize);
  write(writer, answer(payload));
  // Framed with the session's codec, like every other frame it sends.
  session->send(writer.bytes());
}

}  // namespace proactor::calc
