#include "descriptor_drought.hpp"

// Windows limits sockets by memory, not by a per-process descriptor count: there is nothing
// to exhaust, and the tests that need it skip.
namespace proactor::test {

bool DescriptorDrought::supported() noexcept { return false; }

DescriptorDrought::~DescriptorDrought() = default;

bool DescriptorDrought::start() { return false; }

void DescriptorDrought::release_one() {}

void DescriptorDrought::release_all() {}

}  // namespace proactor::test
