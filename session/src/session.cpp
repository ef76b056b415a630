#include <proactor/net/codec.hpp>
#include <proactor/session/session.hpp>

namespace proactor {

void Session::send(std::string_view payload)
{
  send(encode(codec(), payload));
}

void Session::send(ConstBytes payload)
{
  send(as_string_view(payload));
}

}  // namespace proactor
