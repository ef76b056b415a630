#include "descriptor_drought.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace proactor::test {
namespace {

int highest_open_fd()
{
  int highest = 0;
  for (int fd = 0; fd < 4096; ++fd)
    if (::fcntl(fd, F_GETFD) != -1) highest = fd;
  return highest;
}

}  // namespace

bool DescriptorDrought::supported() noexcept { return true; }

DescriptorDrought::~DescriptorDrought()
{
  release_all();
  if (lowered_) {
    rlimit saved{static_cast<rlim_t>(saved_soft_), static_cast<rlim_t>(saved_hard_)};
    ::setrlimit(RLIMIT_NOFILE, &saved);
  }
}

bool DescriptorDrought::start()
{
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  saved_soft_ = limit.rlim_cur;
  saved_hard_ = limit.rlim_max;
  // A few numbers above the highest open one, so the fillers below always get at least one
  // even in a process whose low numbers are all taken.
  limit.rlim_cur = static_cast<rlim_t>(highest_open_fd() + 4);
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) return false;
  lowered_ = true;
  // Fill every free number below the limit, so that no descriptor at all is left.
  for (int fd = ::open("/dev/null", O_RDONLY); fd >= 0 && fillers_.size() < 4096;
       fd = ::open("/dev/null", O_RDONLY))
    fillers_.push_back(fd);
  if (fillers_.empty()) return false;
  spare_ = fillers_.back();
  fillers_.pop_back();
  return true;
}

void DescriptorDrought::release_one()
{
  if (spare_ >= 0) ::close(spare_);
  spare_ = -1;
}

void DescriptorDrought::release_all()
{
  release_one();
  for (const int fd : fillers_) ::close(fd);
  fillers_.clear();
}

}  // namespace proactor::test
