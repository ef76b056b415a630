// The cluster bus's message encoding, with byte strings: every kind round-trips, and
// truncated or lying input is refused rather than read past its end.
#include "chat/chat_backplane_message.hpp"

#include <gtest/gtest.h>

#include <string>

namespace proactor::chat {
namespace chat_backplane_message_test {  // a unity build puts several test files in one unit
namespace {

using Kind = BackplaneMessage::Kind;

BackplaneMessage round_trip(const BackplaneMessage& message)
{
  BackplaneMessage out;
  EXPECT_TRUE(decode(encode(message), out));
  return out;
}

TEST(ChatBackplaneMessage, EveryKindRoundTrips)
{
  const auto said =
      round_trip({Kind::room_event, "n1", "lobby", MessageEvent{"lobby", "al", "hi"}, {}});
  EXPECT_EQ(said.kind, Kind::room_event);
  EXPECT_EQ(said.node, "n1");
  EXPECT_EQ(said.target, "lobby");
  EXPECT_EQ(said.event, (Event{MessageEvent{"lobby", "al", "hi"}}));

  const auto joined = round_trip({Kind::room_event, "n1", "lobby", JoinedEvent{"lobby", "al"}, {}});
  EXPECT_EQ(joined.event, (Event{JoinedEvent{"lobby", "al"}}));
  const auto renamed = round_trip({Kind::room_event, "n1", "", NickEvent{"al", "alice"}, {}});
  EXPECT_EQ(renamed.event, (Event{NickEvent{"al", "alice"}}));

  const auto pm =
      round_trip({Kind::private_message, "n2", "bob", PrivateEvent{"al", "bob", "x"}, {}});
  EXPECT_EQ(pm.kind, Kind::private_message);
  EXPECT_EQ(pm.target, "bob");
  EXPECT_EQ(pm.event, (Event{PrivateEvent{"al", "bob", "x"}}));

  const auto presence = round_trip({Kind::presence, "n3", "", {}, {{"al", "lobby"}, {"bob", ""}}});
  EXPECT_EQ(presence.members, (std::vector<Presence>{{"al", "lobby"}, {"bob", ""}}));

  EXPECT_EQ(round_trip({Kind::sync, "n4", "", {}, {}}).kind, Kind::sync);
  EXPECT_EQ(round_trip({Kind::bye, "n4", "", {}, {}}).node, "n4");
}

TEST(ChatBackplaneMessage, MalformedInputIsRefused)
{
  BackplaneMessage out;
  EXPECT_FALSE(decode("", out));
  EXPECT_FALSE(decode(std::string("\x09\x00\x01n", 4), out));   // unknown kind
  EXPECT_FALSE(decode(std::string("\x04\x00\x05n", 4), out));   // node string cut short
  EXPECT_FALSE(decode(std::string("\x04\x00\x01nX", 5), out));  // sync with trailing bytes
  // A presence claiming four billion members in a few bytes.
  EXPECT_FALSE(decode(std::string("\x03\x00\x01n\xff\xff\xff\xff", 8), out));
  // A room event whose event is a request-only type or an answer the bus never carries.
  const std::string pong = encode({Kind::room_event, "n", "r", PongEvent{7}, {}});
  EXPECT_FALSE(decode(pong, out));
  const std::string said = encode({Kind::room_event, "n", "r", MessageEvent{"r", "a", "t"}, {}});
  for (std::size_t cut = 0; cut < said.size(); ++cut)
    EXPECT_FALSE(decode(said.substr(0, cut), out)) << cut;
}

}  // namespace
}  // namespace chat_backplane_message_test
}  // namespace proactor::chat
