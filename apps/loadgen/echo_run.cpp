#include "loadgen/echo_run.hpp"

#include "common/messages.hpp"
#include "loadgen/echo_worker.hpp"
#include "loadgen/report.hpp"
#include "loadgen/run_support.hpp"

#include <iostream>
#include <memory>
#include <thread>
#include <vector>

namespace proactor::loadgen {
namespace {

using Workers = std::vector<std::unique_ptr<EchoWorker>>;

RunResult merged(const Workers& workers)
{
  RunResult total;
  for (const auto& worker : workers) total.merge(worker->result());
  return total;
}

std::uint64_t replies_seen(const Workers& workers)
{
  std::uint64_t total = 0;
  for (const auto& worker : workers) total += worker->replies_seen();
  return total;
}

// Runs one step on every worker (`start` hands the step to one worker) and waits for all of
// them until `deadline`; false when the deadline passed first.
template <class Start>
bool step(Workers& workers, Clock::time_point deadline, const LoadgenOptions& options,
          ProgressLine& progress, const char* label, Start start)
{
  StepLatch latch(workers.size());
  for (auto& worker : workers) start(*worker, [&latch] { latch.arrive(); });
  return wait_step(latch, deadline, options, progress, label,
                   [&workers] { return replies_seen(workers); });
}

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
  const auto server = server_endpoint(options);
  const std::size_t limit = raise_descriptor_limit();
  if (options.connections + 64 > limit) {
    apps::print_error(options.program, std::to_string(options.connections) +
                                           " connections need more descriptors than the limit (" +
                                           std::to_string(limit) + ")");
    return 1;
  }
  Workers workers;
  for (std::size_t i = 0; i < options.threads; ++i) {
    const Share share = share_of(options.connections, options.threads, i);
    workers.push_back(std::make_unique<EchoWorker>(options, share.first, share.count));
  }
  ProgressLine progress;
  // Workers wait for the step they were given; a step that overran is closed by stop(),
  // whose handlers then find the connections closed.
  const auto timed_out = [&](const char* what) {
    for (auto& worker : workers) worker->stop();
    progress.clear();
    RunResult result = merged(workers);
    result.fail(std::string(what) + " did not finish within the time limit");
    print_report(std::cout, options, result, {});
    apps::print_error(options.program, result.first_error);
    return 1;
  };
  const auto has_failed = [&] {
    for (const auto& worker : workers) worker->stop();
    progress.clear();
    const RunResult result = merged(workers);
    print_report(std::cout, options, result, {});
    apps::print_error(options.program, result.first_error);
    return 1;
  };
  const auto any_errors = [&] {
    // Read only after the step completed on every worker, so no worker writes meanwhile.
    for (const auto& worker : workers)
      if (worker->result().errors > 0) return true;
    return false;
  };

  if (!step(workers, Clock::now() + options.timeout, options, progress, "connecting",
            [&](EchoWorker& w, auto done) { w.connect(server, std::move(done)); }))
    return timed_out("connecting");
  if (any_errors()) return has_failed();

  Clock::duration measured{};
  if (options.mode == Mode::idle) {
    // Every connection answers once, stays silent for the hold, then answers again: an idle
    // connection the server dropped or forgot shows up as an error.
    const auto probe = [&](const char* label, bool timed) {
      const Schedule schedule = probe_schedule(options, timed);
      return step(workers, schedule.deadline + std::chrono::seconds(1), options, progress, label,
                  [&](EchoWorker& w, auto done) {
                    w.run(schedule, Clock::duration::zero(), std::move(done));
                  });
    };
    if (!probe("probing", false)) return timed_out("the first probe");
    if (any_errors()) return has_failed();
    progress.clear();
    std::cerr << "holding " << options.connections << " connections for "
              << apps::format_duration(options.hold) << std::endl;
    std::this_thread::sleep_for(options.hold);  // the hold is the measurement, not a wait
    const auto start = Clock::now();
    if (!probe("probing", true)) return timed_out("the second probe");
    measured = Clock::now() - start;
  } else {
    const auto start = Clock::now();
    const Schedule schedule{start, start + options.warmup,
                            start + options.warmup + options.duration,
                            start + options.warmup + options.duration + options.timeout, 0};
    const Clock::duration interval =
        options.rate > 0
            ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                  static_cast<double>(options.connections) / options.rate))
            : Clock::duration::zero();
    if (!step(workers, schedule.deadline + std::chrono::seconds(1), options, progress,
              options.rate > 0 ? "open loop" : "running",
              [&](EchoWorker& w, auto done) { w.run(schedule, interval, std::move(done)); }))
      return timed_out("the traffic phase");
    measured = options.duration;
  }
  for (auto& worker : workers) worker->stop();
  progress.clear();
  const RunResult result = merged(workers);
  print_report(std::cout, options, result, measured);
  if (result.errors > 0) {
    apps::print_error(options.program, result.first_error);
    return 1;
  }
  if (result.messages == 0) {
    apps::print_error(options.program, "no reply arrived in the measured phase");
    return 1;
  }
  return 0;
}

}  // namespace proactor::loadgen
