#include "common/messages.hpp"

#include <proactor/server/server.hpp>

#include <iostream>
#include <sstream>

namespace proactor::apps {

std::string format_address(std::string_view host, std::uint16_t port)
{
  // ListenEndpoint prints the bracketed form for IPv6; a client's target reads the same.
  std::ostringstream out;
  out << ListenEndpoint{std::string(host), port};
  return out.str();
}

void print_error(std::string_view program, std::string_view message)
{
  std::cerr << program << ": " << message << std::endl;
}

}  // namespace proactor::apps
