#pragma once

#include <proactor/session/impl/winsock_keepalive.hpp>

// Never read on Windows (kHasReusePort, kHasMulticastAll); named so that the tests compile.
#define SO_REUSEPORT 0
#define IP_MULTICAST_ALL 0

namespace proactor::test {

inline constexpr bool kHasReusePort = false;
inline constexpr bool kHasMulticastAll = false;

}  // namespace proactor::test
