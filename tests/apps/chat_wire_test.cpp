// Every chat wire carries every request and event unchanged; the factory names what it makes
// and refuses what it cannot make.
#include "chat/chat_wire.hpp"

#include "chat_test_support.hpp"
#include <proactor/net/frame_decoder.hpp>
#include <proactor/net/length_prefix_codec.hpp>

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace proactor::chat {
namespace chat_wire_test {  // a unity build puts several test files in one unit
namespace {

constexpr std::size_t kMax = 64 * 1024;

std::vector<std::string> specs()
{
  std::vector<std::string> out{"binary"};
#if PROACTOR_TEST_PROTOBUF
  out.push_back("protobuf");
#endif
#if PROACTOR_TEST_SNAPPY
  out.push_back("binary,snappy");
#endif
#if PROACTOR_TEST_PROTOBUF && PROACTOR_TEST_SNAPPY
  out.push_back("protobuf,snappy");
#endif
  return out;
}

std::vector<Request> every_request()
{
  return {HelloRequest{1},
          NickRequest{"alice"},
          JoinRequest{"lobby"},
          LeaveRequest{},
          SayRequest{"hi \xc3\xa9t\xc3\xa9"},
          SayRequest{std::string(2000, 'x')},
          PrivateRequest{"bob", "psst"},
          RoomsRequest{},
          UsersRequest{""},
          UsersRequest{"lobby"},
          PingRequest{0xfffffffe}};
}

std::vector<Event> every_event()
{
  std::vector<std::string> many;
  for (int i = 0; i < 300; ++i) many.push_back("user" + std::to_string(i));
  return {WelcomeEvent{1, "welcome"},
          NickEvent{"", "alice"},
          NickEvent{"alice", "alicia"},
          JoinedEvent{"lobby", "alice"},
          LeftEvent{"lobby", "alice"},
          MessageEvent{"lobby", "alice", "hello"},
          MessageEvent{"lobby", "alice", std::string(3000, 'y')},
          PrivateEvent{"alice", "bob", "psst"},
          RoomsEvent{{{"a", 1}, {"b", 65535}}},
          RoomsEvent{},
          UsersEvent{"lobby", many},
          PongEvent{7},
          ErrorEvent{ErrorCode::nick_taken, 2, "that nickname is taken: 'alice'"},
          ErrorEvent{ErrorCode::slow_consumer, 0, "slow"},
          ErrorEvent{ErrorCode::rate_limited, 5, "too fast"},
          ErrorEvent{ErrorCode::not_delivered, 6, "not delivered"}};
}

class ChatWireTest : public testing::TestWithParam<std::string>
{
 protected:
  std::shared_ptr<const ChatWire> wire_ = make_chat_wire(GetParam(), kMax);
};

TEST_P(ChatWireTest, NamesItsSpec)
{
  EXPECT_EQ(wire_->name(), GetParam());
}

TEST_P(ChatWireTest, EveryRequestRoundTripsWithItsType)
{
  for (const Request& request : every_request()) {
    const Buffer payload = wire_->write(request);
    Request back;
    MessageType type{};
    ASSERT_EQ(wire_->parse(payload.readable(), back, type), ErrorCode::none) << request.index();
    EXPECT_EQ(back, request) << request.index();
    EXPECT_EQ(type, type_of(request)) << request.index();
  }
}

TEST_P(ChatWireTest, EveryEventRoundTrips)
{
  for (const Event& event : every_event()) {
    const Buffer payload = wire_->write(event);
    Event back;
    ASSERT_EQ(wire_->parse(payload.readable(), back), ErrorCode::none) << event.index();
    EXPECT_EQ(back, event) << event.index();
  }
}

TEST_P(ChatWireTest, FramesGoThroughTheDecoderOneMessageEach)
{
  const LengthPrefixCodec codec;
  Buffer wire;
  for (const Event& event : every_event()) wire.append(wire_->encode(event, codec).bytes());
  FrameDecoder decoder(codec);
  std::vector<Event> seen;
  decoder.feed(wire.readable(), [&](ConstBytes payload) {
    Event event;
    EXPECT_EQ(wire_->parse(payload, event), ErrorCode::none);
    seen.push_back(std::move(event));
  });
  EXPECT_EQ(seen, every_event());
}

TEST_P(ChatWireTest, AnEmptyPayloadIsNoMessage)
{
  Request request;
  MessageType type{};
  EXPECT_NE(wire_->parse({}, request, type), ErrorCode::none);
  Event event;
  EXPECT_NE(wire_->parse({}, event), ErrorCode::none);
}

INSTANTIATE_TEST_SUITE_P(Specs, ChatWireTest, testing::ValuesIn(specs()),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name)
                             if (c == ',') c = '_';
                           return name;
                         });

TEST(ChatWire, TheFactoryRefusesUnknownSpecsWithAReason)
{
  EXPECT_THROW(make_chat_wire("xml", kMax), std::invalid_argument);
  EXPECT_THROW(make_chat_wire("binary,zip", kMax), std::invalid_argument);
  EXPECT_THROW(make_chat_wire("", kMax), std::invalid_argument);
  try {
    make_chat_wire("protobuf,gzip", kMax);
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("snappy"), std::string::npos) << e.what();
  }
}

TEST(ChatWire, TheSpecsListMatchesWhatTheFactoryMakes)
{
  const std::string_view listed = chat_wire_specs();
  for (const std::string& spec : specs()) {
    const auto format = spec.substr(0, spec.find(','));
    EXPECT_NE(listed.find(format), std::string_view::npos) << spec;
    if (spec.find(",snappy") != std::string::npos) {
      EXPECT_NE(listed.find("snappy"), std::string_view::npos);
    }
  }
}

TEST(ChatWire, TheBinaryWireIsTheDocumentedLayout)
{
  const Buffer payload = binary_wire()->write(Request{SayRequest{"hi"}});
  EXPECT_EQ(proactor::to_string(payload.readable()), std::string("\x05\x00\x02hi", 5));
}

}  // namespace
}  // namespace chat_wire_test
}  // namespace proactor::chat
