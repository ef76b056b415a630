#include "echo/echo_handler.hpp"

namespace proactor::apps {

void EchoHandler::on_frame(const SessionPtr& session, ConstBytes payload)
{
  // The payload is only valid during this call; send copies it into one encoded frame.
  session->send(payload);
}

}  // namespace proactor::apps
