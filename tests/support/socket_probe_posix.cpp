#include "socket_probe.hpp"

#include <gtest/gtest.h>

#include <net/if.h>

namespace proactor::test {

bool read_option(NativeSocket fd, int level, int name, void* value, std::size_t size)
{
  auto length = static_cast<socklen_t>(size);
  return ::getsockopt(fd, level, name, value, &length) == 0;
}

int read_int_option(NativeSocket fd, int level, int name)
{
  int value = -1;
  EXPECT_TRUE(read_option(fd, level, name, &value, sizeof value)) << name;
  return value;
}

bool running_under_wine()
{
  return false;
}

std::string keep_alive_timings_unsupported()
{
  return {};
}

unsigned interface_index(const char* name)
{
  return ::if_nametoindex(name);
}

}  // namespace proactor::test
