#include "loadgen/echo_run.hpp"

#include "common/flag_parser.hpp"
#include "loadgen/cpu_window.hpp"
#include "loadgen/echo_worker.hpp"
#include "loadgen/run_support.hpp"
#include "loadgen/worker_group.hpp"

#include <iostream>
#include <memory>
#include <thread>

namespace proactor::loadgen {
namespace {

// One frame per connection, timed only when `measured`.
Schedule probe_schedule(const LoadgenOptions& options, bool measured)
{
  const auto now = Clock::now();
  const auto end = now + options.timeout;
  return {now, measured ? now : end, end, end, 1};
}

}  // namespace

int run_echo(const LoadgenOptions& options)
{
  if (!descriptors_suffice(options)) return 1;
  const auto server = server_endpoint(options);
  WorkerGroup<EchoWorker> workers(options, [&](std::size_t first, std::size_t count) {
    return std::make_unique<EchoWorker>(options, first, count);
  });
  if (!workers.step(Clock::now() + options.timeout, "connecting",
                    [&](EchoWorker& w, auto done) { w.connect(server, std::move(done)); }))
    return workers.finish({}, "connecting");
  if (workers.any_errors()) return workers.finish({});

  if (options.mode == Mode::idle) {
    // Every connection answers once, stays silent for the hold, then answers again: an idle
    // connection the server dropped or forgot shows up as an error.
    const auto probe = [&](bool timed) {
      const Schedule schedule = probe_schedule(options, timed);
      return workers.step(schedule.deadline + std::chrono::seconds(1), "probing",
                          [&](EchoWorker& w, auto done) {
                            w.run(schedule, Clock::duration::zero(), std::move(done));
                          });
    };
    if (!probe(false)) return workers.finish({}, "the first probe");
    if (workers.any_errors()) return workers.finish({});
    workers.clear_progress();
    std::cerr << "holding " << options.connections << " connections for "
              << apps::format_duration(options.hold) << std::endl;
    std::this_thread::sleep_for(options.hold);  // the hold is the measurement, not a wait
    const auto start = Clock::now();
    if (!probe(true)) return workers.finish({}, "the second probe");
    return workers.finish(Clock::now() - start);
  }

  const auto start = Clock::now();
  const Schedule schedule{start, start + options.warmup, start + options.warmup + options.duration,
                          start + options.warmup + options.duration + options.timeout, 0};
  const Clock::duration interval =
      options.rate > 0 ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                             static_cast<double>(options.connections) / options.rate))
                       : Clock::duration::zero();
  CpuWindow cpu(schedule.measure_start, schedule.measure_end);
  if (!workers.step(schedule.deadline + std::chrono::seconds(1),
                    options.rate > 0 ? "open loop" : "running",
                    [&](EchoWorker& w, auto done) { w.run(schedule, interval, std::move(done)); }))
    return workers.finish(options.duration, "the traffic phase", cpu.stop());
  return workers.finish(options.duration, nullptr, cpu.stop());
}

}  // namespace proactor::loadgen
