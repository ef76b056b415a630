// The protobuf chat wire against bytes a peer could send: not protobuf, no case set, values
// past the binary protocol's ranges, and a case this version does not know.
#include "chat/chat_protobuf_wire.hpp"

#include "chat_test_support.hpp"

#include <gtest/gtest.h>

#include <string>

namespace proactor::chat {
namespace chat_protobuf_wire_test {  // a unity build puts several test files in one unit
namespace {

ErrorCode parse_request(std::string_view bytes, MessageType& type)
{
  Request request;
  return ProtobufChatWire{}.parse(as_bytes(bytes), request, type);
}

ErrorCode parse_event(std::string_view bytes)
{
  Event event;
  return ProtobufChatWire{}.parse(as_bytes(bytes), event);
}

TEST(ChatProtobufWire, TheOneofCaseIsTheRequestType)
{
  // ClientMessage { say { text: "hi" } }: field 5, then Say field 1.
  Request request;
  MessageType type{};
  ASSERT_EQ(
      ProtobufChatWire{}.parse(as_bytes(std::string_view("\x2a\x04\x0a\x02hi", 6)), request, type),
      ErrorCode::none);
  EXPECT_EQ(request, Request{SayRequest{"hi"}});
  EXPECT_EQ(type, MessageType::say);
}

TEST(ChatProtobufWire, BytesThatAreNotProtobufAreMalformed)
{
  MessageType type{};
  EXPECT_EQ(parse_request(std::string_view("\x2a\x7f\x0a", 3), type), ErrorCode::malformed);
  EXPECT_EQ(type, MessageType{});
  EXPECT_EQ(parse_event(std::string_view("\xff\xff\xff", 3)), ErrorCode::malformed);
  // Invalid UTF-8 in a string field.
  EXPECT_EQ(parse_request(std::string_view("\x2a\x03\x0a\x01\xff", 5), type), ErrorCode::malformed);
}

TEST(ChatProtobufWire, AMessageWithNoCaseOrAnUnknownCaseIsAnUnknownType)
{
  MessageType type{};
  EXPECT_EQ(parse_request({}, type), ErrorCode::unknown_type);
  // Field 12 is no request this version knows: skipped as unknown, leaving no case set.
  EXPECT_EQ(parse_request(std::string_view("\x62\x00", 2), type), ErrorCode::unknown_type);
  EXPECT_EQ(parse_event({}), ErrorCode::unknown_type);
}

TEST(ChatProtobufWire, ValuesPastTheProtocolsRangesAreMalformedNotCut)
{
  MessageType type{};
  // hello { version: 65536 }
  EXPECT_EQ(parse_request(std::string_view("\x0a\x04\x08\x80\x80\x04", 6), type),
            ErrorCode::malformed);
  EXPECT_EQ(type, MessageType::hello);
  // room_list { rooms { members: 70000 } }
  EXPECT_EQ(parse_event(std::string_view("\x3a\x06\x0a\x04\x10\xf0\xa2\x04", 8)),
            ErrorCode::malformed);
  // error { code: 6, request: 300 }
  EXPECT_EQ(parse_event(std::string_view("\x7a\x05\x08\x06\x10\xac\x02", 7)), ErrorCode::malformed);
}

}  // namespace
}  // namespace chat_protobuf_wire_test
}  // namespace proactor::chat
