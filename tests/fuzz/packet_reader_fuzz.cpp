// Fuzzes PacketReader: a sequence of reads chosen by the input, checked against a model of
// the payload written here without the reader's code.
//
//     byte 0      n: how many read operations follow (0-31)
//     n bytes     the operations: bits 0-3 pick one of kOps, bits 4-7 a count for get_bytes
//     the rest    the payload
//
// Invariants, each stopping the run with a trap:
//  - every value equals the big-endian (two's-complement) decoding of the bytes at the
//    model's position; views point into the payload, never past its end;
//  - position() and remaining() follow the model; a read past the end fails with
//    packet_truncated, expect_end() with bytes left fails with packet_trailing_bytes;
//  - the first failure is sticky and every later read yields a value-initialised output;
//  - the values read successfully, written back with PacketWriter, give exactly the payload
//    prefix they were read from; framed with the u32 codec, they decode to that prefix.
#include "fuzz_support.hpp"
#include <proactor/net/codec.hpp>
#include <proactor/net/error.hpp>
#include <proactor/net/length_prefix_codec.hpp>
#include <proactor/net/packet_reader.hpp>
#include <proactor/net/packet_writer.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

namespace {

using proactor::ConstBytes;
using proactor::PacketReader;
using proactor::PacketWriter;

// The reader, the writer echoing its successful reads, and the model both are held to.
struct Run
{
  ConstBytes payload;
  PacketReader reader;
  PacketWriter writer;
  std::size_t position = 0;  // where the model's next read starts
  std::size_t echoed = 0;    // payload bytes the writer has reproduced
  proactor::error failure{};
  bool failed = false;

  explicit Run(ConstBytes p) : payload(p), reader(p) {}

  std::size_t left() const { return payload.size() - position; }

  void fail(proactor::error e)
  {
    if (failed) return;
    failed = true;
    failure = e;
  }

  // The unsigned big-endian value of the `width` bytes at the model's position.
  std::uint64_t load(std::size_t width) const
  {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i)
      value = value * 256 + std::to_integer<std::uint64_t>(payload[position + i]);
    return value;
  }

  // True when `field` is the next `field.size()` bytes of the payload, viewed in place.
  bool is_next(ConstBytes field) const
  {
    return field.size() <= left() && (field.empty() || field.data() == payload.data() + position);
  }

  void check_state() const
  {
    PROACTOR_FUZZ_CHECK(static_cast<bool>(reader) == !failed);
    PROACTOR_FUZZ_CHECK(reader.position() == position);
    PROACTOR_FUZZ_CHECK(reader.remaining() == left());
    if (failed) PROACTOR_FUZZ_CHECK(reader.error() == proactor::make_error_code(failure));
    PROACTOR_FUZZ_CHECK(writer.size() == echoed);
  }
};

template <class T>
void read_integer(Run& run, PacketReader& (PacketReader::*get)(T&) noexcept,
                  PacketWriter& (PacketWriter::*put)(T))
{
  using Unsigned = std::make_unsigned_t<T>;
  T value = static_cast<T>(0x5a);  // a failed read must overwrite it with 0
  (run.reader.*get)(value);
  if (run.failed || run.left() < sizeof(T)) {
    run.fail(proactor::error::packet_truncated);
    PROACTOR_FUZZ_CHECK(value == T{});
    return;
  }
  const auto expected = std::bit_cast<T>(static_cast<Unsigned>(run.load(sizeof(T))));
  PROACTOR_FUZZ_CHECK(value == expected);
  run.position += sizeof(T);
  (run.writer.*put)(value);
  run.echoed = run.position;
}

// A u16 byte count then the characters; the count is consumed even when the characters
// are missing.
template <bool kView>
void read_string(Run& run)
{
  std::conditional_t<kView, std::string_view, std::string> text = "sentinel";
  if constexpr (kView)
    run.reader.get_string_view(text);
  else
    run.reader.get_string(text);
  if (run.failed || run.left() < 2) {
    run.fail(proactor::error::packet_truncated);
    PROACTOR_FUZZ_CHECK(text.empty());
    return;
  }
  const auto length = static_cast<std::size_t>(run.load(2));
  run.position += 2;
  if (run.left() < length) {
    run.fail(proactor::error::packet_truncated);
    PROACTOR_FUZZ_CHECK(text.empty());
    return;
  }
  PROACTOR_FUZZ_CHECK(text.size() == length);
  PROACTOR_FUZZ_CHECK(
      proactor::fuzz::same(proactor::as_bytes(text), run.payload.subspan(run.position, length)));
  if constexpr (kView) PROACTOR_FUZZ_CHECK(run.is_next(proactor::as_bytes(text)));
  run.position += length;
  run.writer.put_string(text);
  run.echoed = run.position;
}

void read_bytes(Run& run, std::size_t n)
{
  ConstBytes field = proactor::as_bytes("sentinel");
  run.reader.get_bytes(n, field);
  if (run.failed || run.left() < n) {
    run.fail(proactor::error::packet_truncated);
    PROACTOR_FUZZ_CHECK(field.empty());
    return;
  }
  PROACTOR_FUZZ_CHECK(field.size() == n);
  PROACTOR_FUZZ_CHECK(run.is_next(field));
  run.position += n;
  run.writer.put_bytes(field);
  run.echoed = run.position;
}

void expect_end(Run& run)
{
  run.reader.expect_end();
  if (!run.failed && run.left() != 0) run.fail(proactor::error::packet_trailing_bytes);
}

void apply(Run& run, std::uint8_t op)
{
  switch ((op & 0x0fu) % 12) {
    case 0:
      return read_integer<std::uint8_t>(run, &PacketReader::get_u8, &PacketWriter::put_u8);
    case 1:
      return read_integer<std::uint16_t>(run, &PacketReader::get_u16, &PacketWriter::put_u16);
    case 2:
      return read_integer<std::uint32_t>(run, &PacketReader::get_u32, &PacketWriter::put_u32);
    case 3:
      return read_integer<std::uint64_t>(run, &PacketReader::get_u64, &PacketWriter::put_u64);
    case 4:
      return read_integer<std::int8_t>(run, &PacketReader::get_i8, &PacketWriter::put_i8);
    case 5:
      return read_integer<std::int16_t>(run, &PacketReader::get_i16, &PacketWriter::put_i16);
    case 6:
      return read_integer<std::int32_t>(run, &PacketReader::get_i32, &PacketWriter::put_i32);
    case 7:
      return read_integer<std::int64_t>(run, &PacketReader::get_i64, &PacketWriter::put_i64);
    case 8:
      return read_string<false>(run);
    case 9:
      return read_string<true>(run);
    case 10:
      return read_bytes(run, op >> 4);
    default:
      return expect_end(run);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  proactor::fuzz::InputCursor input(proactor::fuzz::input_bytes(data, size));
  const ConstBytes ops = input.take(input.byte() & 0x1fu);
  Run run(input.rest());

  for (const std::byte op : ops) {
    apply(run, std::to_integer<std::uint8_t>(op));
    run.check_state();
  }

  // The successful reads, written back, are the prefix they were read from.
  const ConstBytes prefix = run.payload.first(run.echoed);
  PROACTOR_FUZZ_CHECK(proactor::fuzz::same(run.writer.bytes(), prefix));
  const proactor::Codec codec = proactor::LengthPrefixCodec{};
  const proactor::Frame frame = std::move(run.writer).to_frame(codec);
  const proactor::DecodeResult decoded = proactor::decode(codec, frame.bytes());
  PROACTOR_FUZZ_CHECK(decoded.status == proactor::DecodeResult::Status::frame);
  PROACTOR_FUZZ_CHECK(decoded.consumed == frame.size());
  PROACTOR_FUZZ_CHECK(proactor::fuzz::same(decoded.payload, prefix));
  return 0;
}
