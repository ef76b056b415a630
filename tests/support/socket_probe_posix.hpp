#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace proactor::test {

/// SO_REUSEPORT exists (Linux: several listeners share a port).
inline constexpr bool kHasReusePort = true;
/// IP_MULTICAST_ALL exists (Linux; proactor turns it off).
inline constexpr bool kHasMulticastAll = true;

}  // namespace proactor::test
