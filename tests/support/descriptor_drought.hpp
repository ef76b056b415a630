#pragma once

#include <vector>

namespace proactor::test {

/// Leaves the process with no free file descriptor, so that the next accept() fails with
/// EMFILE: lowers RLIMIT_NOFILE to just above the highest open descriptor and fills every
/// free number below it. The destructor gives everything back and restores the limit.
/// descriptor_drought_posix.cpp; on Windows (descriptor_drought_windows.cpp) there is no
/// per-process limit on sockets to run out of, and `supported()` is false.
class DescriptorDrought
{
 public:
  /// Whether the platform has such a limit.
  static bool supported() noexcept;

  DescriptorDrought() = default;
  ~DescriptorDrought();
  DescriptorDrought(const DescriptorDrought&) = delete;
  DescriptorDrought& operator=(const DescriptorDrought&) = delete;

  /// Uses up the descriptors but one spare; false if the limit could not be lowered or
  /// nothing was left to fill.
  bool start();
  /// Frees the spare: exactly one descriptor becomes available.
  void release_one();
  /// Frees all of them (the limit stays lowered until destruction).
  void release_all();

 private:
  std::vector<int> fillers_;
  int spare_ = -1;
  bool lowered_ = false;
  unsigned long long saved_soft_ = 0;
  unsigned long long saved_hard_ = 0;
};

}  // namespace proactor::test
