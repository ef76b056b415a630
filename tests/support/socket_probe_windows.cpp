#include "socket_probe.hpp"

#include <gtest/gtest.h>

#include <windows.h>
#include <iphlpapi.h>
#include <netioapi.h>

namespace proactor::test {

bool read_option(NativeSocket fd, int level, int name, void* value, std::size_t size)
{
  auto length = static_cast<int>(size);
  return ::getsockopt(static_cast<SOCKET>(fd), level, name, static_cast<char*>(value),
                      &length) == 0;
}

int read_int_option(NativeSocket fd, int level, int name)
{
  // Windows reports some boolean options (TCP_NODELAY) in a single byte: start from zero.
  int value = 0;
  EXPECT_TRUE(read_option(fd, level, name, &value, sizeof value)) << name;
  return value;
}

bool running_under_wine()
{
  // Wine's ntdll exports wine_get_version; Windows' does not.
  const HMODULE ntdll = ::GetModuleHandleA("ntdll.dll");
  return ntdll && ::GetProcAddress(ntdll, "wine_get_version");
}

std::string keep_alive_timings_unsupported()
{
  if (running_under_wine())
    return "Wine refuses TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT (WSAENOPROTOOPT)";
  return {};
}

unsigned interface_index(const char* name)
{
  return ::if_nametoindex(name);
}

}  // namespace proactor::test
