// JobQueue (lock-free SPSC lanes) against the classic blocking queue (std::mutex +
// std::deque + condition variables, bounded the same), P producers -> 1 consumer, and the
// wake-up latency of a sleeping logic thread. Results: docs/benchmarks.md.
//
// Arguments: producers, and the hand-over batch: 1 = every item published on its own;
// 16 = items handed over sixteen at a time, as an I/O thread does with the frames of one
// read (the mutex queue then pushes sixteen under one lock, the same favour).
#include <proactor/server/job_queue.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using proactor::Job;
using proactor::JobQueue;

constexpr std::size_t kItems = 1'000'000;
constexpr std::size_t kCapacity = 4096;

// The blocking producer/consumer queue: a mutex, a deque and two condition variables.
class MutexQueue
{
 public:
  explicit MutexQueue(std::size_t capacity) : capacity_(capacity) {}
  void push(const Job* jobs, std::size_t n)
  {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() + n <= capacity_; });
    items_.insert(items_.end(), jobs, jobs + n);
    not_empty_.notify_one();
  }
  Job pop()
  {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    Job job = items_.front();
    items_.pop_front();
    not_full_.notify_one();
    return job;
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<Job> items_;
};

void BM_MutexQueue(benchmark::State& state)
{
  const auto producers = static_cast<std::size_t>(state.range(0));
  const auto batch = static_cast<std::size_t>(state.range(1));
  for (auto _ : state) {
    MutexQueue queue(kCapacity);
    std::vector<std::thread> threads;
    for (std::size_t p = 0; p < producers; ++p) {
      threads.emplace_back([&queue, producers, batch] {
        std::vector<Job> jobs(batch);
        for (std::size_t i = 0; i < kItems / producers; i += batch) {
          for (std::size_t k = 0; k < batch; ++k) jobs[k].size = static_cast<std::uint32_t>(i + k);
          queue.push(jobs.data(), batch);
        }
      });
    }
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < kItems / producers * producers; ++i) sum += queue.pop().size;
    for (auto& t : threads) t.join();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kItems));
}

void BM_JobQueue(benchmark::State& state)
{
  const auto producers = static_cast<std::size_t>(state.range(0));
  const auto batch = static_cast<std::size_t>(state.range(1));
  for (auto _ : state) {
    JobQueue queue(producers, 1, kCapacity, [](std::size_t, std::size_t) {});
    std::atomic<std::size_t> done{0};
    std::vector<std::thread> threads;
    for (std::size_t p = 0; p < producers; ++p) {
      threads.emplace_back([&queue, &done, p, producers, batch] {
        for (std::size_t i = 0; i < kItems / producers; i += batch) {
          for (std::size_t k = 0; k < batch; ++k) {
            // A real producer parks its session when the lane is full; here it retries.
            while (!queue.try_push_frame(p, 0, Job{.size = static_cast<std::uint32_t>(i + k)})) {
              queue.flush(p);
              std::this_thread::yield();
            }
          }
          queue.flush(p);
        }
        done.fetch_add(1);
        queue.wake(0);
      });
    }
    std::uint64_t sum = 0;
    std::size_t consumed = 0;
    const std::size_t total = kItems / producers * producers;
    while (consumed < total) {
      const auto n = queue.consume(0, 256, [&sum](const Job& job) { sum += job.size; });
      consumed += n;
      if (n == 0 && done.load() < producers) queue.wait(0);
    }
    for (auto& t : threads) t.join();
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kItems));
}

// Time from a push to a *sleeping* consumer running the job.
void BM_JobQueueWakeLatency(benchmark::State& state)
{
  JobQueue queue(1, 1, 16, [](std::size_t, std::size_t) {});
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> woke_ns{0};
  std::atomic<bool> asleep{false};
  std::thread consumer([&] {
    while (!stop) {
      const auto n = queue.consume(0, 1, [&](const Job&) {
        woke_ns = std::chrono::steady_clock::now().time_since_epoch().count();
      });
      if (n == 0) {
        asleep = true;
        queue.wait(0);
      }
    }
  });
  std::vector<double> samples;
  for (auto _ : state) {
    state.PauseTiming();
    while (!asleep) std::this_thread::yield();
    // Let the consumer reach the futex wait (asleep is set just before it).
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    asleep = false;
    woke_ns = 0;
    state.ResumeTiming();
    const auto sent = std::chrono::steady_clock::now().time_since_epoch().count();
    queue.try_push_frame(0, 0, Job{});
    queue.flush(0);
    // Yield while waiting: a busy spin here could hold the very core the woken consumer
    // is scheduled on, and we would measure the scheduler's time slice instead.
    while (woke_ns.load() == 0) std::this_thread::yield();
    samples.push_back(static_cast<double>(woke_ns.load() - sent) / 1000.0);
  }
  stop = true;
  queue.wake(0);
  consumer.join();
  std::sort(samples.begin(), samples.end());
  if (!samples.empty()) {
    state.counters["p50_us"] = samples[samples.size() / 2];
    state.counters["p99_us"] = samples[samples.size() * 99 / 100];
  }
}

}  // namespace

BENCHMARK(BM_MutexQueue)
    ->ArgsProduct({{1, 2, 4}, {1, 16}})
    ->ArgNames({"producers", "batch"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JobQueue)
    ->ArgsProduct({{1, 2, 4}, {1, 16}})
    ->ArgNames({"producers", "batch"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JobQueueWakeLatency)->Iterations(2000)->UseRealTime()->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
