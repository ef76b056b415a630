#pragma once

#include <proactor/session/udp_endpoint.hpp>

#include <cstddef>
#include <string>

// What the socket-option tests read back from the operating system, one file per platform:
// socket_probe_posix.hpp / socket_probe_windows.hpp give the option names (<netinet/*.h> or
// Winsock), socket_probe_{posix,windows}.cpp the getsockopt call.
#if defined(_WIN32)
#include "socket_probe_windows.hpp"
#else
#include "socket_probe_posix.hpp"
#endif

namespace proactor::test {

/// One int option of `fd` as the operating system reports it; a test failure and -1 when it
/// cannot be read.
int read_int_option(NativeSocket fd, int level, int name);

/// getsockopt into `size` bytes at `value`; false when it fails.
bool read_option(NativeSocket fd, int level, int name, void* value, std::size_t size);

/// Whether the program runs under Wine, whose sockets differ from Windows' in a few named
/// ways (below, and: Wine 8 reports a peer's reset (RST) as an orderly EOF, recv() == 0, where
/// Windows fails with WSAECONNRESET). False on POSIX.
bool running_under_wine();

/// Why this platform cannot set TCP keep-alive timings per socket (idle, interval, count) and
/// check them as Linux does; empty when it can. Wine 8 refuses TCP_KEEPIDLE, TCP_KEEPINTVL
/// and TCP_KEEPCNT with WSAENOPROTOOPT (Windows 10 1709 and later have them).
std::string keep_alive_timings_unsupported();

/// The index of network interface `name` ("lo"); 0 when there is none.
unsigned interface_index(const char* name);

}  // namespace proactor::test
