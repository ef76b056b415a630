#include <proactor/net/codec.hpp>
#include <proactor/session/session.hpp>

namespace proactor {

void Session::send_payload(ConstBytes payload)
{
  send(encode(codec(), as_string_view(payload)));
}

}  // namespace proactor
