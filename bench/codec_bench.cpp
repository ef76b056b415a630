// Micro-benchmarks of the sans-io hot path (Google Benchmark): decoding frames of 1 B to
// 64 KiB, framing a payload (a new Frame, or in place into a caller's buffer), building and
// parsing a packet, and the write queue's packing of small replies into gathered writes.
//
//   build/bench/codec_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <proactor/net/codec.hpp>
#include <proactor/net/frame_decoder.hpp>
#include <proactor/net/packet_reader.hpp>
#include <proactor/net/packet_writer.hpp>
#include <proactor/session/write_queue.hpp>

#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace proactor;

// About 1 MiB of back-to-back u32 frames with `payload`-byte payloads (at least 16 frames).
std::string stream_of(std::size_t payload)
{
  const Codec codec{LengthPrefixCodec{}};
  const std::string one = to_string(encode(codec, std::string(payload, 'p')).bytes());
  std::string stream;
  const std::size_t frames = std::max<std::size_t>(16, (1 << 20) / one.size());
  for (std::size_t i = 0; i < frames; ++i) stream += one;
  return stream;
}

void BM_DecodeU32(benchmark::State& state)
{
  const auto payload = static_cast<std::size_t>(state.range(0));
  const std::string stream = stream_of(payload);
  std::size_t frames = 0;
  for (auto _ : state) {
    FrameDecoder decoder;
    decoder.feed(as_bytes(stream), [&](ConstBytes p) { benchmark::DoNotOptimize(p.data()); });
    frames += stream.size() / (payload + 4);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(stream.size()) * state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(frames));
}
BENCHMARK(BM_DecodeU32)->Arg(1)->Arg(64)->Arg(1024)->Arg(16 * 1024)->Arg(64 * 1024);

void BM_EncodeNewFrame(benchmark::State& state)
{
  const Codec codec{LengthPrefixCodec{}};
  const std::string payload(static_cast<std::size_t>(state.range(0)), 'p');
  for (auto _ : state) benchmark::DoNotOptimize(encode(codec, payload));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeNewFrame)->Arg(64)->Arg(1024)->Arg(16 * 1024);

void BM_EncodeInPlace(benchmark::State& state)
{
  const Codec codec{LengthPrefixCodec{}};
  const std::string payload(static_cast<std::size_t>(state.range(0)), 'p');
  std::vector<std::byte> out(payload.size() + 4);
  for (auto _ : state) {
    encode_to(codec, as_bytes(payload), out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeInPlace)->Arg(64)->Arg(1024)->Arg(16 * 1024);

void BM_PacketWriteAndRead(benchmark::State& state)
{
  for (auto _ : state) {
    PacketWriter writer;
    writer.put_u8(0x2b).put_i32(-7).put_u32(42).put_u64(1ULL << 40).put_string("a nickname");
    const Frame frame = std::move(writer).to_frame();
    PacketReader reader(frame.bytes().subspan(4));
    std::uint8_t op = 0;
    std::int32_t lhs = 0;
    std::uint32_t rhs = 0;
    std::uint64_t big = 0;
    std::string_view name;
    const bool ok = static_cast<bool>(reader.get_u8(op)
                                          .get_i32(lhs)
                                          .get_u32(rhs)
                                          .get_u64(big)
                                          .get_string_view(name)
                                          .expect_end());
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PacketWriteAndRead);

// `batch` 64-byte replies queued, staged into one gathered write and committed.
void BM_WriteQueuePackedBatch(benchmark::State& state)
{
  const auto batch = static_cast<std::size_t>(state.range(0));
  const Codec codec{LengthPrefixCodec{}};
  const std::string payload(64, 'r');
  const std::size_t wire = wire_size(codec, as_bytes(payload));
  WriteQueue queue(1 << 20, 1 << 21);
  std::size_t buffers = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < batch; ++i)
      queue.push_copy(wire, [&](MutableBytes out) { encode_to(codec, as_bytes(payload), out); });
    buffers += queue.stage(64, 1 << 20, [](ConstBytes b) { benchmark::DoNotOptimize(b.data()); });
    queue.commit_staged();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
  state.counters["buffers_per_write"] =
      static_cast<double>(buffers) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_WriteQueuePackedBatch)->Arg(1)->Arg(16)->Arg(64);

// The same replies as shared frames: one allocation and one iovec each.
void BM_WriteQueueSharedFrames(benchmark::State& state)
{
  const auto batch = static_cast<std::size_t>(state.range(0));
  const Codec codec{LengthPrefixCodec{}};
  const std::string payload(64, 'r');
  WriteQueue queue(1 << 20, 1 << 21);
  for (auto _ : state) {
    for (std::size_t i = 0; i < batch; ++i) queue.push(encode(codec, payload));
    queue.stage(64, 1 << 20, [](ConstBytes b) { benchmark::DoNotOptimize(b.data()); });
    queue.commit_staged();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
}
BENCHMARK(BM_WriteQueueSharedFrames)->Arg(1)->Arg(16)->Arg(64);

}  // namespace

BENCHMARK_MAIN();
