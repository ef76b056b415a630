#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace proactor::apps {

/// "host:port" for messages, or "[host]:port" when `host` is an IPv6 address; `host` may
/// also be a name. The same form as the servers' `listening on` line. Any thread.
std::string format_address(std::string_view host, std::uint16_t port);

/// Prints "<program>: <message>" as one line to stderr (flushed). Any thread.
void print_error(std::string_view program, std::string_view message);

}  // namespace proactor::apps
