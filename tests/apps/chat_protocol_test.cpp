// The chat protocol's codec, tested with byte strings: every message round trips, the wire
// layout is the one docs/protocol/chat.md specifies, and bad input is an error, not UB.
#include "chat/chat_protocol.hpp"

#include "chat/chat_event.hpp"
#include "chat/chat_request.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/net/packet_writer.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace proactor::chat {
namespace chat_protocol_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::string_literals;

template <class Message>
std::string payload_of(const Message& message)
{
  PacketWriter writer;
  write(writer, message);
  return proactor::to_string(writer.bytes());
}

ErrorCode parse_request(std::string_view payload, Request& out)
{
  return parse(as_bytes(payload), out);
}

ErrorCode parse_event(std::string_view payload, Event& out)
{
  return parse(as_bytes(payload), out);
}

TEST(ChatProtocol, EveryRequestRoundTrips)
{
  const std::vector<Request> requests = {
      HelloRequest{1},         NickRequest{"alice"},       JoinRequest{"lobby"},
      LeaveRequest{},          SayRequest{"hello, world"}, PrivateRequest{"bob", "psst"},
      RoomsRequest{},          UsersRequest{""},           UsersRequest{"dev"},
      PingRequest{0xdeadbeef},
  };
  for (const Request& request : requests) {
    const std::string payload = payload_of(request);
    ASSERT_FALSE(payload.empty());
    EXPECT_EQ(static_cast<std::uint8_t>(payload[0]), static_cast<std::uint8_t>(type_of(request)));
    Request parsed;
    ASSERT_EQ(parse_request(payload, parsed), ErrorCode::none) << request.index();
    EXPECT_EQ(parsed, request) << request.index();
  }
}

TEST(ChatProtocol, EveryEventRoundTrips)
{
  const std::vector<Event> events = {
      WelcomeEvent{1, "hi there"},
      NickEvent{"", "alice"},
      NickEvent{"alice", "alice2"},
      JoinedEvent{"lobby", "alice"},
      LeftEvent{"lobby", "bob"},
      MessageEvent{"lobby", "alice", "caf\xc3\xa9"},
      PrivateEvent{"alice", "bob", "psst"},
      RoomsEvent{},
      RoomsEvent{{{"dev", 1}, {"lobby", 65535}}},
      UsersEvent{"lobby", {}},
      UsersEvent{"lobby", {"alice", "bob"}},
      PongEvent{7},
      ErrorEvent{ErrorCode::nick_taken, 0x02, "that nickname is taken"},
  };
  for (const Event& event : events) {
    const std::string payload = payload_of(event);
    EXPECT_EQ(static_cast<std::uint8_t>(payload[0]), static_cast<std::uint8_t>(type_of(event)));
    Event parsed;
    ASSERT_EQ(parse_event(payload, parsed), ErrorCode::none) << event.index();
    EXPECT_EQ(parsed, event) << event.index();
  }
}

TEST(ChatProtocol, WireLayoutIsTypeByteThenBigEndianFieldsAndU16Strings)
{
  EXPECT_EQ(payload_of(Request{HelloRequest{1}}), "\x01\x00\x01"s);
  EXPECT_EQ(payload_of(Request{SayRequest{"hi"}}), "\x05\x00\x02hi"s);
  EXPECT_EQ(payload_of(Request{PrivateRequest{"b", "yo"}}),
            "\x06\x00\x01"
            "b\x00\x02yo"s);
  EXPECT_EQ(payload_of(Request{LeaveRequest{}}), "\x04"s);
  EXPECT_EQ(payload_of(Request{PingRequest{0x01020304}}), "\x09\x01\x02\x03\x04"s);
  EXPECT_EQ(payload_of(Event{MessageEvent{"r", "n", "t"}}), "\x85\x00\x01r\x00\x01n\x00\x01t"s);
  EXPECT_EQ(payload_of(Event{ErrorEvent{ErrorCode::room_full, 0x03, "x"}}),
            "\x8f\x00\x0a\x03\x00\x01x"s);
  EXPECT_EQ(payload_of(Event{RoomsEvent{{{"a", 2}}}}),
            "\x87\x00\x01\x00\x01"
            "a\x00\x02"s);
  EXPECT_EQ(payload_of(Event{UsersEvent{"a", {"b"}}}),
            "\x88\x00\x01"
            "a\x00\x01\x00\x01"
            "b"s);
  // The whole frame: the framework's u32 big-endian length in front.
  EXPECT_EQ(proactor::to_string(encode(Request{JoinRequest{"x"}}).bytes()),
            "\x00\x00\x00\x04\x03\x00\x01x"s);
}

TEST(ChatProtocol, MalformedRequestsAreRejected)
{
  Request out;
  EXPECT_EQ(parse_request("", out), ErrorCode::malformed);                    // no type byte
  EXPECT_EQ(parse_request("\x01"s, out), ErrorCode::malformed);               // hello, no version
  EXPECT_EQ(parse_request("\x01\x00"s, out), ErrorCode::malformed);           // half a version
  EXPECT_EQ(parse_request("\x01\x00\x01\x00"s, out), ErrorCode::malformed);   // trailing byte
  EXPECT_EQ(parse_request("\x05\x00\x09short"s, out), ErrorCode::malformed);  // string too short
  EXPECT_EQ(parse_request("\x05\xff\xff"s, out), ErrorCode::malformed);
  EXPECT_EQ(parse_request("\x06\x00\x01"
                          "b"s,
                          out),
            ErrorCode::malformed);                                // text missing
  EXPECT_EQ(parse_request("\x04x"s, out), ErrorCode::malformed);  // leave takes nothing
  EXPECT_EQ(parse_request("\x00"s, out), ErrorCode::unknown_type);
  EXPECT_EQ(parse_request("\x7f garbage"s, out), ErrorCode::unknown_type);
  EXPECT_EQ(parse_request("\x85\x00\x01r\x00\x01n\x00\x01t"s, out), ErrorCode::unknown_type);
}

TEST(ChatProtocol, MalformedEventsAreRejected)
{
  Event out;
  EXPECT_EQ(parse_event("", out), ErrorCode::malformed);
  EXPECT_EQ(parse_event("\x87\x00\x03\x00\x01"
                        "a\x00\x02"s,
                        out),
            ErrorCode::malformed);  // 3 claimed
  EXPECT_EQ(parse_event("\x88\x00\x01"
                        "a\xff\xff"s,
                        out),
            ErrorCode::malformed);
  EXPECT_EQ(parse_event("\x89\x00\x00\x00"s, out), ErrorCode::malformed);
  EXPECT_EQ(parse_event("\x05\x00\x02hi"s, out), ErrorCode::unknown_type);  // a request
}

TEST(ChatProtocol, NamesAre1To32OfLettersDigitsUnderscoreAndDash)
{
  EXPECT_TRUE(is_valid_name("a"));
  EXPECT_TRUE(is_valid_name("Alice_Smith-2"));
  EXPECT_TRUE(is_valid_name(std::string(32, 'x')));
  EXPECT_FALSE(is_valid_name(""));
  EXPECT_FALSE(is_valid_name(std::string(33, 'x')));
  for (const char* bad : {"a b", "a.b", "a/b", "#room", "caf\xc3\xa9", "tab\t", "x\n"})
    EXPECT_FALSE(is_valid_name(bad)) << bad;
  EXPECT_EQ(fold_name("AbC-d_9"), "abc-d_9");
}

TEST(ChatProtocol, TextMustBeNonEmptyPrintableAndWithinTheLimit)
{
  EXPECT_EQ(check_text("hello", 10), ErrorCode::none);
  EXPECT_EQ(check_text("caf\xc3\xa9", 10), ErrorCode::none);
  EXPECT_EQ(check_text(std::string(10, 'a'), 10), ErrorCode::none);
  EXPECT_EQ(check_text(std::string(11, 'a'), 10), ErrorCode::message_too_long);
  EXPECT_EQ(check_text("", 10), ErrorCode::invalid_text);
  EXPECT_EQ(check_text("two\nlines", 10), ErrorCode::invalid_text);
  EXPECT_EQ(check_text("\x1b[2J", 10), ErrorCode::invalid_text);
  EXPECT_EQ(check_text("del\x7f", 10), ErrorCode::invalid_text);
}

TEST(ChatProtocol, EveryErrorCodeHasANameAndADescription)
{
  for (std::uint16_t code = 1; code <= static_cast<std::uint16_t>(ErrorCode::not_delivered);
       ++code) {
    EXPECT_NE(to_string(static_cast<ErrorCode>(code)), "unknown") << code;
    EXPECT_NE(describe(static_cast<ErrorCode>(code)), "unknown error") << code;
  }
  EXPECT_EQ(to_string(ErrorCode::nick_taken), "nick_taken");
  EXPECT_EQ(static_cast<std::uint16_t>(ErrorCode::rate_limited), 20);
  EXPECT_EQ(to_string(ErrorCode::rate_limited), "rate_limited");
  EXPECT_EQ(static_cast<std::uint16_t>(ErrorCode::not_delivered), 21);
  EXPECT_EQ(to_string(ErrorCode::not_delivered), "not_delivered");
  EXPECT_EQ(to_string(static_cast<ErrorCode>(999)), "unknown");
}

}  // namespace
}  // namespace chat_protocol_test
}  // namespace proactor::chat
