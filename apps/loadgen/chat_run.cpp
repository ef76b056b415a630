#include "loadgen/chat_run.hpp"

#include "loadgen/chat_worker.hpp"
#include "loadgen/cpu_window.hpp"
#include "loadgen/run_support.hpp"
#include "loadgen/worker_group.hpp"

#include <memory>
#include <vector>

namespace proactor::loadgen {

int run_chat(const LoadgenOptions& options)
{
  if (!descriptors_suffice(options)) return 1;
  const auto epoch = Clock::now();
  WorkerGroup<ChatWorker> workers(options, [&](std::size_t first, std::size_t count) {
    return std::make_unique<ChatWorker>(options, first, count, epoch);
  });
  // Joining is quadratic in room events (each member hears of every later one), hence the
  // generous limit.
  if (!workers.step(Clock::now() + 4 * options.timeout, "joining",
                    [](ChatWorker& w, auto done) { w.connect(std::move(done)); }))
    return workers.finish({}, "joining the room");
  if (workers.any_errors()) return workers.finish({});

  const auto start = Clock::now();
  const Schedule schedule{start, start + options.warmup, start + options.warmup + options.duration,
                          start + options.warmup + options.duration + options.timeout, 0};
  std::vector<const ChatWorker*> all;
  CpuWindow cpu(schedule.measure_start, schedule.measure_end);
  if (!workers.step(schedule.deadline + options.timeout, "running", [&](ChatWorker& w, auto done) {
        all.push_back(&w);
        w.run(schedule, std::move(done));
      }))
    return workers.finish(options.duration, "sending", cpu.stop());
  // Every sender has stopped; what it sent is now fixed, and every member must get all of it.
  std::vector<std::uint64_t> sent(options.senders, 0);
  for (const ChatWorker* worker : all)
    for (std::size_t s = 0; s < sent.size(); ++s) sent[s] += worker->sent()[s];
  if (!workers.step(Clock::now() + options.timeout, "draining",
                    [&](ChatWorker& w, auto done) { w.drain(sent, std::move(done)); }))
    return workers.finish(options.duration, "delivering the last messages", cpu.stop());
  return workers.finish(options.duration, nullptr, cpu.stop());
}

}  // namespace proactor::loadgen
