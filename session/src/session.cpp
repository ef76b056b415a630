#include <proactor/session/session.hpp>

#include <proactor/net/codec.hpp>

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
