#pragma once

// Windows only: the per-socket TCP keep-alive options of Windows 10 1709 and later
// (ws2ipdef.h), which MinGW's headers do not name yet.
#include <winsock2.h>
#include <ws2tcpip.h>

#ifndef TCP_KEEPIDLE
#define TCP_KEEPIDLE 3
#endif
#ifndef TCP_KEEPCNT
#define TCP_KEEPCNT 16
#endif
#ifndef TCP_KEEPINTVL
#define TCP_KEEPINTVL 17
#endif
