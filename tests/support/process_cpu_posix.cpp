#include "process_cpu.hpp"

#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace proactor::test {
namespace {

// Sum of user+system CPU ticks over the threads of this process.
long process_cpu_ticks()
{
  long total = 0;
  DIR* dir = ::opendir("/proc/self/task");
  if (!dir) return -1;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    std::ifstream stat(std::string("/proc/self/task/") + entry->d_name + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto close_paren = line.rfind(')');
    if (close_paren == std::string::npos) continue;
    std::istringstream fields(line.substr(close_paren + 2));
    std::string field;
    long utime = 0;
    long stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i == 14) utime = std::stol(field);
      if (i == 15) stime = std::stol(field);
    }
    total += utime + stime;
  }
  ::closedir(dir);
  return total;
}

}  // namespace

double process_cpu_seconds()
{
  const long ticks = process_cpu_ticks();
  if (ticks < 0) return -1;
  return static_cast<double>(ticks) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace proactor::test
