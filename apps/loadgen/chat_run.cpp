#include "loadgen/chat_run.hpp"

#include "common/messages.hpp"
#include "loadgen/chat_worker.hpp"
#include "loadgen/report.hpp"
#include "loadgen/run_support.hpp"

#include <iostream>
#include <memory>
#include <vector>

namespace proactor::loadgen {
namespace {

using Workers = std::vector<std::unique_ptr<ChatWorker>>;

template <class Start>
bool step(Workers& workers, Clock::time_point deadline, const LoadgenOptions& options,
          ProgressLine& progress, const char* label, Start start)
{
  StepLatch latch(workers.size());
  for (auto& worker : workers) start(*worker, [&latch] { latch.arrive(); });
  return wait_step(latch, deadline, options, progress, label, [&workers] {
    std::uint64_t total = 0;
    for (const auto& worker : workers) total += worker->replies_seen();
    return total;
  });
}

}  // namespace

int run_chat(const LoadgenOptions& options)
{
  const std::size_t limit = raise_descriptor_limit();
  if (options.connections + 64 > limit) {
    apps::print_error(options.program, std::to_string(options.connections) +
                                           " connections need more descriptors than the limit (" +
                                           std::to_string(limit) + ")");
    return 1;
  }
  const auto epoch = Clock::now();
  Workers workers;
  for (std::size_t i = 0; i < options.threads; ++i) {
    const Share share = share_of(options.connections, options.threads, i);
    workers.push_back(std::make_unique<ChatWorker>(options, share.first, share.count, epoch));
  }
  ProgressLine progress;
  const auto finish = [&](std::chrono::nanoseconds measured, const char* overran) {
    for (auto& worker : workers) worker->stop();
    progress.clear();
    RunResult result;
    for (const auto& worker : workers) result.merge(worker->result());
    if (overran != nullptr) result.fail(std::string(overran) + " did not finish in time");
    print_report(std::cout, options, result, measured);
    if (result.errors > 0) {
      apps::print_error(options.program, result.first_error);
      return 1;
    }
    if (result.messages == 0) {
      apps::print_error(options.program, "no message arrived in the measured phase");
      return 1;
    }
    return 0;
  };
  const auto any_errors = [&] {
    for (const auto& worker : workers)
      if (worker->result().errors > 0) return true;
    return false;
  };

  // Joining is quadratic in room events (each member hears of every later one), hence the
  // generous limit.
  if (!step(workers, Clock::now() + 4 * options.timeout, options, progress, "joining",
            [](ChatWorker& w, auto done) { w.connect(std::move(done)); }))
    return finish({}, "joining the room");
  if (any_errors()) return finish({}, nullptr);

  const auto start = Clock::now();
  const Schedule schedule{start, start + options.warmup, start + options.warmup + options.duration,
                          start + options.warmup + options.duration + options.timeout, 0};
  if (!step(workers, schedule.deadline + options.timeout, options, progress, "running",
            [&](ChatWorker& w, auto done) { w.run(schedule, std::move(done)); }))
    return finish(options.duration, "sending");
  // Every sender has stopped; what it sent is now fixed, and every member must get all of it.
  std::vector<std::uint64_t> sent(options.senders, 0);
  for (const auto& worker : workers)
    for (std::size_t s = 0; s < sent.size(); ++s) sent[s] += worker->sent()[s];
  if (!step(workers, Clock::now() + options.timeout, options, progress, "draining",
            [&](ChatWorker& w, auto done) { w.drain(sent, std::move(done)); }))
    return finish(options.duration, "delivering the last messages");
  return finish(options.duration, nullptr);
}

}  // namespace proactor::loadgen
