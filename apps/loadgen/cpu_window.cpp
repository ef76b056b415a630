#include "loadgen/cpu_window.hpp"

#include "loadgen/process_cpu.hpp"

namespace proactor::loadgen {

CpuWindow::CpuWindow(Clock::time_point from, Clock::time_point to)
    : thread_([this, from, to] { sample(from, to); })
{}

CpuWindow::~CpuWindow()
{
  stop();
}

std::optional<double> CpuWindow::stop()
{
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  return percent_;
}

void CpuWindow::sample(Clock::time_point from, Clock::time_point to)
{
  std::unique_lock lock(mutex_);
  if (wake_.wait_until(lock, from, [this] { return stopping_; })) return;
  const auto cpu_from = process_cpu_time();
  const auto wall_from = Clock::now();
  // The workers end the phase at `to` too, so stop() often races the timeout: a stop in the
  // window's last hundredth still counts as a complete window.
  wake_.wait_until(lock, to, [this] { return stopping_; });
  if (Clock::now() + (to - from) / 100 < to) return;
  const auto cpu = std::chrono::duration<double>(process_cpu_time() - cpu_from).count();
  const auto wall = std::chrono::duration<double>(Clock::now() - wall_from).count();
  if (wall > 0) percent_ = 100.0 * cpu / wall;
}

}  // namespace proactor::loadgen
