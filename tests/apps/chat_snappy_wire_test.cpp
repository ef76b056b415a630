// The Snappy layer under a chat wire: large messages travel compressed, and a frame that
// would inflate past the limit is refused without being inflated.
#include "chat/chat_snappy_wire.hpp"

#include "chat_test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace proactor::chat {
namespace chat_snappy_wire_test {  // a unity build puts several test files in one unit
namespace {

TEST(ChatSnappyWire, LargeMessagesTravelCompressedSmallOnesStored)
{
  const SnappyChatWire wire(binary_wire(), 64 * 1024);
  const Event big = MessageEvent{"lobby", "alice", std::string(4000, 'a')};
  const Buffer packed = wire.write(big);
  EXPECT_EQ(packed.readable()[0], std::byte{1});
  EXPECT_LT(packed.size(), 500u);

  const Buffer small = wire.write(Event{PongEvent{1}});
  EXPECT_EQ(small.readable()[0], std::byte{0});
  EXPECT_EQ(small.size(), binary_wire()->write(Event{PongEvent{1}}).size() + 1);
}

TEST(ChatSnappyWire, AFrameThatWouldInflatePastTheLimitIsMalformed)
{
  const SnappyChatWire roomy(binary_wire(), 1 << 20);
  // 3000 nicknames of 32 bytes: about 100 KB that compress to a few.
  const Event roster = UsersEvent{"lobby", std::vector<std::string>(3000, std::string(32, 'n'))};
  const Buffer packed = roomy.write(roster);
  ASSERT_EQ(packed.readable()[0], std::byte{1});
  ASSERT_LT(packed.size(), 64u * 1024);

  const SnappyChatWire strict(binary_wire(), 64 * 1024);
  Event event;
  EXPECT_EQ(strict.parse(packed.readable(), event), ErrorCode::malformed);
  EXPECT_EQ(roomy.parse(packed.readable(), event), ErrorCode::none);
  EXPECT_EQ(event, roster);
  Request request;
  MessageType type{};
  // A hand-made bomb: announces 2^32 bytes in a 7-byte frame.
  const std::vector<std::byte> bomb{std::byte{1},    std::byte{0x80}, std::byte{0x80},
                                    std::byte{0x80}, std::byte{0x80}, std::byte{0x10},
                                    std::byte{0}};
  EXPECT_EQ(strict.parse(bomb, request, type), ErrorCode::malformed);
}

TEST(ChatSnappyWire, AnUnknownFlagIsMalformed)
{
  const SnappyChatWire wire(binary_wire(), 1024);
  Event event;
  EXPECT_EQ(wire.parse(as_bytes(std::string_view("\x07\x89\x00\x00\x00\x01", 6)), event),
            ErrorCode::malformed);
}

}  // namespace
}  // namespace chat_snappy_wire_test
}  // namespace proactor::chat
