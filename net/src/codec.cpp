#include <proactor/net/codec.hpp>

#include <charconv>
#include <string>
#include <utility>

namespace proactor {
namespace {

template <class... Fs>
struct Overloaded : Fs...
{
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// Makes control characters in a delimiter readable in a log line.
std::string escape(std::string_view text)
{
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\0':
        out += "\\0";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

DecodeResult decode(const Codec& codec, ConstBytes input)
{
  return std::visit([input](const auto& c) { return c.decode(input); }, codec);
}

Frame encode(const Codec& codec, Buffer&& payload)
{
  return std::visit([&payload](const auto& c) { return c.encode(std::move(payload)); }, codec);
}

Frame encode(const Codec& codec, std::string_view payload)
{
  // Size the one allocation for the whole wire frame, so encoding neither grows nor copies.
  const std::size_t overhead = max_wire_size(codec) - max_frame_size(codec);
  const std::size_t front = std::holds_alternative<LengthPrefixCodec>(codec) ? overhead : 0;
  Buffer buffer(payload.size() + overhead - front, front);
  buffer.append(payload);
  return encode(codec, std::move(buffer));
}

std::size_t wire_size(const Codec& codec, ConstBytes payload)
{
  return std::visit([payload](const auto& c) { return c.wire_size(payload); }, codec);
}

void encode_to(const Codec& codec, ConstBytes payload, MutableBytes out) noexcept
{
  std::visit([payload, out](const auto& c) { c.encode_to(payload, out); }, codec);
}

std::size_t max_frame_size(const Codec& codec) noexcept
{
  return std::visit(Overloaded{
                        [](const LengthPrefixCodec& c) { return c.max_frame(); },
                        [](const DelimiterCodec& c) { return c.max_line(); },
                        [](const FixedLengthCodec& c) { return c.record_size(); },
                    },
                    codec);
}

std::size_t max_wire_size(const Codec& codec) noexcept
{
  return std::visit([](const auto& c) { return c.max_wire_size(); }, codec);
}

std::optional<Codec> parse_codec(std::string_view spec, std::size_t max_frame)
{
  if (spec == "u32") return LengthPrefixCodec(LengthPrefixCodec::Width::u32, max_frame);
  if (spec == "u16") return LengthPrefixCodec(LengthPrefixCodec::Width::u16, max_frame);
  if (spec == "line") return DelimiterCodec("\n", max_frame, true);
  if (spec == "crlf") return DelimiterCodec("\r\n", max_frame, false);

  constexpr std::string_view kFixed = "fixed:";
  if (!spec.starts_with(kFixed)) return std::nullopt;
  const std::string_view digits = spec.substr(kFixed.size());
  std::size_t record_size = 0;
  const char* end = digits.data() + digits.size();
  const auto [stop, ec] = std::from_chars(digits.data(), end, record_size);
  if (ec != std::errc{} || stop != end || record_size == 0) return std::nullopt;
  return FixedLengthCodec(record_size);
}

std::string describe(const Codec& codec)
{
  return std::visit(
      Overloaded{
          [](const LengthPrefixCodec& c) {
            const char* width = c.width() == LengthPrefixCodec::Width::u16 ? "u16" : "u32";
            return std::string(width) + " length prefix, max " + std::to_string(c.max_frame());
          },
          [](const DelimiterCodec& c) {
            return "delimiter \"" + escape(c.delimiter()) + "\", max " +
                   std::to_string(c.max_line());
          },
          [](const FixedLengthCodec& c) {
            return "fixed " + std::to_string(c.record_size()) + "-byte records";
          },
      },
      codec);
}

}  // namespace proactor
