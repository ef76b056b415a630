// What each chat codec costs per message: encoding an event into a payload and parsing it
// back, for a short chat line, a long one and a roster, on every wire this build has.
// Results and the command are in docs/benchmarks.md.
#include "chat/chat_wire.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace proactor;
using namespace proactor::chat;

const char* const kSpecs[] = {"binary", "binary,snappy", "protobuf", "protobuf,snappy"};

// Chat-like text: words drawn pseudo-randomly from a small vocabulary, so Snappy sees the
// redundancy of language, not one repeated byte.
std::string text(std::size_t size)
{
  static const char* const words[] = {
      "the ",   "server ",   "sends ",   "every ", "frame ", "to ",     "all ", "members ",
      "of ",    "room ",     "while ",   "alice ", "reads ", "slowly ", "and ", "bob ",
      "types ", "messages ", "quickly ", "a ",     "is ",    "it ",     "we ",  "lunch ",
      "at ",    "noon ",     "today ",   "build ", "green ", "again ",  "why ", "not ",
  };
  std::string out;
  std::uint32_t state = 12345;
  while (out.size() < size) {
    state = state * 1103515245u + 12345u;
    out += words[(state >> 16) % std::size(words)];
  }
  out.resize(size);
  return out;
}

Event sample(int which)
{
  switch (which) {
    case 0:
      return MessageEvent{"lobby", "alice", text(64)};
    case 1:
      return MessageEvent{"lobby", "alice", text(1000)};
    default: {
      std::vector<std::string> nicks;
      for (int i = 0; i < 100; ++i) nicks.push_back("member_" + std::to_string(i));
      return UsersEvent{"lobby", std::move(nicks)};
    }
  }
}

const char* const kSamples[] = {"message 64 B", "message 1000 B", "roster 100"};

// The wire of `state`'s first argument, or null (and the benchmark skipped) when this build
// left its codec out.
std::shared_ptr<const ChatWire> wire_of(benchmark::State& state)
{
  try {
    return make_chat_wire(kSpecs[state.range(0)], 1 << 20);
  } catch (const std::invalid_argument& e) {
    state.SkipWithError(e.what());
    return nullptr;
  }
}

void BM_Encode(benchmark::State& state)
{
  const auto wire = wire_of(state);
  if (!wire) return;
  const Event event = sample(static_cast<int>(state.range(1)));
  std::size_t bytes = 0;
  for (auto _ : state) {
    Buffer payload = wire->write(event);
    bytes = payload.size();
    benchmark::DoNotOptimize(payload);
  }
  state.SetLabel(std::string(kSpecs[state.range(0)]) + ", " + kSamples[state.range(1)] + ", " +
                 std::to_string(bytes) + " B on the wire");
}

void BM_Parse(benchmark::State& state)
{
  const auto wire = wire_of(state);
  if (!wire) return;
  const Buffer payload = wire->write(sample(static_cast<int>(state.range(1))));
  for (auto _ : state) {
    Event event;
    if (wire->parse(payload.readable(), event) != ErrorCode::none) state.SkipWithError("parse");
    benchmark::DoNotOptimize(event);
  }
  state.SetLabel(std::string(kSpecs[state.range(0)]) + ", " + kSamples[state.range(1)]);
}

void every_wire_and_sample(benchmark::internal::Benchmark* b)
{
  for (int spec = 0; spec < 4; ++spec)
    for (int which = 0; which < 3; ++which) b->Args({spec, which});
}

BENCHMARK(BM_Encode)->Apply(every_wire_and_sample);
BENCHMARK(BM_Parse)->Apply(every_wire_and_sample);

}  // namespace

BENCHMARK_MAIN();
