// The chat client's pure halves: a typed line becomes a request, an event becomes a line.
#include "chat/chat_command.hpp"

#include "chat/chat_format.hpp"
#include "chat/chat_protocol.hpp"

#include <gtest/gtest.h>

#include <string>

namespace proactor::chat {
namespace chat_command_test {  // a unity build puts several test files in one unit
namespace {

Request sent(std::string_view line)
{
  const Command command = parse_command(line);
  EXPECT_EQ(command.kind, Command::Kind::send) << line << ": " << command.error;
  return command.request;
}

std::string mistake(std::string_view line)
{
  const Command command = parse_command(line);
  EXPECT_EQ(command.kind, Command::Kind::invalid) << line;
  return command.error;
}

TEST(ChatCommand, PlainTextIsSaidToTheRoom)
{
  EXPECT_EQ(sent("hello there"), Request{SayRequest{"hello there"}});
  EXPECT_EQ(sent("  indented"), Request{SayRequest{"  indented"}});
  EXPECT_EQ(sent("//not a command"), Request{SayRequest{"/not a command"}});
  EXPECT_EQ(parse_command("").kind, Command::Kind::nothing);
  EXPECT_EQ(parse_command(" \t ").kind, Command::Kind::nothing);
}

TEST(ChatCommand, SlashCommandsBecomeRequests)
{
  EXPECT_EQ(sent("/join lobby"), Request{JoinRequest{"lobby"}});
  EXPECT_EQ(sent("/join   dev  "), Request{JoinRequest{"dev"}});
  EXPECT_EQ(sent("/leave"), Request{LeaveRequest{}});
  EXPECT_EQ(sent("/nick bob"), Request{NickRequest{"bob"}});
  EXPECT_EQ(sent("/msg bob see you  at 5"), (Request{PrivateRequest{"bob", "see you  at 5"}}));
  EXPECT_EQ(sent("/rooms"), Request{RoomsRequest{}});
  EXPECT_EQ(sent("/who"), Request{UsersRequest{""}});
  EXPECT_EQ(sent("/who dev"), Request{UsersRequest{"dev"}});
  EXPECT_EQ(parse_command("/quit").kind, Command::Kind::quit);
  EXPECT_EQ(parse_command("/help").kind, Command::Kind::help);
  EXPECT_NE(command_help().find("/msg NICK TEXT"), std::string_view::npos);
}

TEST(ChatCommand, MistakesAreReportedNotSent)
{
  EXPECT_EQ(mistake("/join"), "usage: /join ROOM");
  EXPECT_EQ(mistake("/join a b"), "usage: /join ROOM");
  EXPECT_EQ(mistake("/nick"), "usage: /nick NAME");
  EXPECT_EQ(mistake("/msg bob"), "usage: /msg NICK TEXT");
  EXPECT_EQ(mistake("/who a b"), "usage: /who [ROOM]");
  EXPECT_EQ(mistake("/leave now"), "usage: /leave (takes no argument)");
  EXPECT_EQ(mistake("/dance"), "unknown command /dance (try /help)");
}

TEST(ChatFormat, EachEventIsOneLine)
{
  const auto line = [](const Event& event) { return format_event(event, "me").value_or("<none>"); };
  EXPECT_EQ(line(MessageEvent{"lobby", "alice", "hi"}), "[lobby] alice: hi");
  EXPECT_EQ(line(JoinedEvent{"lobby", "alice"}), "* alice joined lobby");
  EXPECT_EQ(line(LeftEvent{"lobby", "alice"}), "* alice left lobby");
  EXPECT_EQ(line(PrivateEvent{"alice", "me", "psst"}), "[pm from alice] psst");
  EXPECT_EQ(line(PrivateEvent{"me", "alice", "psst"}), "[pm to alice] psst");
  EXPECT_EQ(line(PrivateEvent{"me", "me", "note"}), "[pm from me] note");
  EXPECT_EQ(line(ErrorEvent{ErrorCode::room_full, 3, "that room is full"}),
            "! error: that room is full");
  EXPECT_EQ(
      line(ErrorEvent{ErrorCode::rate_limited, 5, std::string(describe(ErrorCode::rate_limited))}),
      "! error: you are sending too fast; message not delivered");
  EXPECT_EQ(line(ErrorEvent{ErrorCode::not_delivered, 6,
                            std::string(describe(ErrorCode::not_delivered))}),
            "! error: message not delivered to the other servers");
  EXPECT_EQ(line(RoomsEvent{{{"dev", 1}, {"lobby", 2}}}), "rooms: dev (1), lobby (2)");
  EXPECT_EQ(line(RoomsEvent{}), "rooms: none");
  EXPECT_EQ(line(UsersEvent{"lobby", {"alice", "bob"}}), "users in lobby: alice, bob");
  EXPECT_EQ(line(NickEvent{"", "me"}), "* you are now known as me");
  EXPECT_EQ(line(NickEvent{"alice", "alicia"}), "* alice is now known as alicia");
  EXPECT_EQ(line(WelcomeEvent{1, "Welcome."}), "* Welcome.");
  EXPECT_EQ(format_event(PongEvent{1}, "me"), std::nullopt);
}

TEST(ChatFormat, ControlCharactersFromTheServerAreNotPrinted)
{
  EXPECT_EQ(format_event(MessageEvent{"r", "n", "a\nb\x1b[2J"}, "me"), "[r] n: a?b?[2J");
}

}  // namespace
}  // namespace chat_command_test
}  // namespace proactor::chat
