#pragma once

#include "common/messages.hpp"
#include "loadgen/loadgen_options.hpp"
#include "loadgen/report.hpp"
#include "loadgen/run_result.hpp"
#include "loadgen/run_support.hpp"
#include "loadgen/step_latch.hpp"

#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace proactor::loadgen {

/// The client threads of one run and the steps they go through together, for any worker
/// type with `stop()`, `result()` and `replies_seen()` (EchoWorker, ChatWorker). Main thread.
template <class Worker>
class WorkerGroup
{
 public:
  /// One worker per `--threads`, each made by `make(first, count)` for its share of the
  /// connections.
  template <class Make>
  WorkerGroup(const LoadgenOptions& options, Make make) : options_(options)
  {
    for (std::size_t i = 0; i < options.threads; ++i) {
      const Share share = share_of(options.connections, options.threads, i);
      workers_.push_back(make(share.first, share.count));
    }
  }

  /// Hands a step to every worker (`start(worker, done)`) and waits until each called `done`
  /// or `deadline` passed, with a progress line labelled `label`; false when it overran.
  template <class Start>
  bool step(Clock::time_point deadline, const char* label, Start start)
  {
    StepLatch latch(workers_.size());
    for (auto& worker : workers_) start(*worker, [&latch] { latch.arrive(); });
    return wait_step(latch, deadline, options_, progress_, label, [this] {
      std::uint64_t total = 0;
      for (const auto& worker : workers_) total += worker->replies_seen();
      return total;
    });
  }

  /// True when a worker counted an error. Only between steps (no worker writes then).
  bool any_errors() const
  {
    for (const auto& worker : workers_)
      if (worker->result().errors > 0) return true;
    return false;
  }

  /// Stops the workers and prints the report over `measured`, with the client's CPU over it
  /// when known; `overran` names a step that did not finish in time (or is null). Returns the
  /// exit code: 0 only without errors and with at least one message measured.
  int finish(std::chrono::nanoseconds measured, const char* overran = nullptr,
             std::optional<double> client_cpu_percent = {})
  {
    for (auto& worker : workers_) worker->stop();
    progress_.clear();
    RunResult result;
    for (const auto& worker : workers_) result.merge(worker->result());
    if (overran != nullptr) result.fail(std::string(overran) + " did not finish in time");
    result.client_cpu_percent = client_cpu_percent;
    print_report(std::cout, options_, result, measured);
    if (result.errors > 0) {
      apps::print_error(options_.program, result.first_error);
      return 1;
    }
    if (result.messages == 0) {
      apps::print_error(options_.program, "nothing arrived in the measured phase");
      return 1;
    }
    return 0;
  }

  /// Clears the progress line (before printing something else to stderr).
  void clear_progress() { progress_.clear(); }

 private:
  const LoadgenOptions& options_;
  std::vector<std::unique_ptr<Worker>> workers_;
  ProgressLine progress_;
};

}  // namespace proactor::loadgen
