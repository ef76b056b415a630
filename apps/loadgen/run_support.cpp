#include "loadgen/run_support.hpp"

#include "common/messages.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <string>
#include <sys/resource.h>

namespace proactor::loadgen {

boost::asio::ip::tcp::endpoint server_endpoint(const LoadgenOptions& options)
{
  const auto address = options.host == "localhost"
                           ? boost::asio::ip::address(boost::asio::ip::address_v4::loopback())
                           : boost::asio::ip::make_address(options.host);
  return {address, options.port};
}

bool wait_step(StepLatch& latch, Clock::time_point deadline, const LoadgenOptions& options,
               ProgressLine& progress, const char* label,
               const std::function<std::uint64_t()>& replies)
{
  for (;;) {
    const auto next = std::min(deadline, Clock::now() + std::chrono::seconds(1));
    if (latch.wait_until(next)) return true;
    if (Clock::now() >= deadline) return false;
    if (options.progress) progress.update(label, replies());
  }
}

Share share_of(std::size_t total, std::size_t threads, std::size_t index)
{
  const std::size_t base = total / threads;
  const std::size_t extra = total % threads;
  return {index * base + std::min(index, extra), base + (index < extra ? 1 : 0)};
}

std::size_t raise_descriptor_limit()
{
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return static_cast<std::size_t>(limit.rlim_cur);
}

bool descriptors_suffice(const LoadgenOptions& options)
{
  const std::size_t limit = raise_descriptor_limit();
  // A few descriptors more than the connections: the event loops and stdio need theirs.
  if (options.connections + 64 <= limit) return true;
  apps::print_error(options.program, std::to_string(options.connections) +
                                         " connections need more descriptors than the limit (" +
                                         std::to_string(limit) + ")");
  return false;
}

}  // namespace proactor::loadgen
