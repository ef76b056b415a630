// Fuzzes the chat protocol's parsers: the whole input is one payload, parsed both as a
// request (what the server reads) and as an event (what the client reads).
//
// The protocol is canonical (docs/protocol/chat.md): fixed-width integers, u16-counted
// strings and lists, and no byte may be left over, so a payload has at most one parse and
// a value at most one encoding. Invariants, each stopping the run with a trap:
//  - parse returns none, malformed or unknown_type; unknown_type exactly when the type byte
//    names no message of that direction; an empty payload is malformed;
//  - a payload parses as a request or as an event, never both (types 0x01-0x7f vs 0x81-0xff);
//  - a parsed value starts with its own type byte, writes back to exactly the payload,
//    parses again to an equal value, and encode() frames those same bytes;
//  - the name and text rules hold on the payload as text: fold_name keeps the length and is
//    idempotent, folding does not change validity, check_text agrees with the length limit.
#include "chat/chat_event.hpp"
#include "chat/chat_protocol.hpp"
#include "chat/chat_request.hpp"
#include "fuzz_support.hpp"
#include <proactor/net/codec.hpp>
#include <proactor/net/length_prefix_codec.hpp>
#include <proactor/net/packet_writer.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace {

using proactor::ConstBytes;
using proactor::chat::ErrorCode;
using proactor::chat::MessageType;

bool is_request_type(std::uint8_t type)
{
  return type >= static_cast<std::uint8_t>(MessageType::hello) &&
         type <= static_cast<std::uint8_t>(MessageType::ping);
}

bool is_event_type(std::uint8_t type)
{
  return (type >= static_cast<std::uint8_t>(MessageType::welcome) &&
          type <= static_cast<std::uint8_t>(MessageType::pong)) ||
         type == static_cast<std::uint8_t>(MessageType::error);
}

// Parses `payload` as a `Message` (Request or Event) and checks the round trip; returns
// whether it parsed.
template <class Message>
bool check_parse(ConstBytes payload, bool known_type)
{
  Message message;
  const ErrorCode result = proactor::chat::parse(payload, message);
  PROACTOR_FUZZ_CHECK(result == ErrorCode::none || result == ErrorCode::malformed ||
                      result == ErrorCode::unknown_type);
  if (payload.empty()) PROACTOR_FUZZ_CHECK(result == ErrorCode::malformed);
  if (!payload.empty()) PROACTOR_FUZZ_CHECK((result == ErrorCode::unknown_type) == !known_type);
  if (result != ErrorCode::none) return false;

  PROACTOR_FUZZ_CHECK(static_cast<std::uint8_t>(proactor::chat::type_of(message)) ==
                      std::to_integer<std::uint8_t>(payload.front()));

  proactor::PacketWriter writer;
  proactor::chat::write(writer, message);
  PROACTOR_FUZZ_CHECK(proactor::fuzz::same(writer.bytes(), payload));

  Message again;
  PROACTOR_FUZZ_CHECK(proactor::chat::parse(writer.bytes(), again) == ErrorCode::none);
  PROACTOR_FUZZ_CHECK(again == message);

  const proactor::LengthPrefixCodec codec;
  const proactor::Frame frame = proactor::chat::encode(message, codec);
  PROACTOR_FUZZ_CHECK(frame.size() == codec.header_size() + payload.size());
  PROACTOR_FUZZ_CHECK(proactor::fuzz::same(frame.bytes().subspan(codec.header_size()), payload));

  if constexpr (std::is_same_v<Message, proactor::chat::Event>) {
    if (const auto* error = std::get_if<proactor::chat::ErrorEvent>(&message)) {
      PROACTOR_FUZZ_CHECK(!proactor::chat::to_string(error->code).empty());
      PROACTOR_FUZZ_CHECK(!proactor::chat::describe(error->code).empty());
    }
  }
  return true;
}

void check_text_rules(std::string_view text)
{
  using proactor::chat::fold_name;
  using proactor::chat::is_valid_name;
  const std::string folded = fold_name(text);
  PROACTOR_FUZZ_CHECK(folded.size() == text.size());
  PROACTOR_FUZZ_CHECK(fold_name(folded) == folded);
  PROACTOR_FUZZ_CHECK(is_valid_name(folded) == is_valid_name(text));
  if (is_valid_name(text))
    PROACTOR_FUZZ_CHECK(!text.empty() && text.size() <= proactor::chat::kMaxNameLength);

  for (const std::size_t limit :
       {std::size_t{0}, text.size() / 2, text.size(), std::size_t{1024}}) {
    const ErrorCode verdict = proactor::chat::check_text(text, limit);
    PROACTOR_FUZZ_CHECK((verdict == ErrorCode::message_too_long) == (text.size() > limit));
    if (verdict == ErrorCode::none) PROACTOR_FUZZ_CHECK(!text.empty());
    PROACTOR_FUZZ_CHECK(verdict == ErrorCode::none || verdict == ErrorCode::invalid_text ||
                        verdict == ErrorCode::message_too_long);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const ConstBytes payload = proactor::fuzz::input_bytes(data, size);
  const std::uint8_t type = size == 0 ? 0 : data[0];

  const bool request = check_parse<proactor::chat::Request>(payload, is_request_type(type));
  const bool event = check_parse<proactor::chat::Event>(payload, is_event_type(type));
  PROACTOR_FUZZ_CHECK(!(request && event));

  check_text_rules(proactor::as_string_view(payload));
  return 0;
}
