// The chat service in-process: a real Server running the ChatHandler, driven over loopback by
// blocking test clients that speak the protocol. Every wait has a deadline.
#include "chat/chat_handler.hpp"
#include "chat_test_support.hpp"
#include "loopback_client.hpp"
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace proactor::test {
namespace chat_server_test {  // a unity build puts several test files in one unit
namespace {

using namespace chat;
using namespace std::string_literals;

// A server on 127.0.0.1:0 running the chat handler.
struct ChatServer
{
  ChatHandler handler;
  Server server;

  explicit ChatServer(ServerConfig config = {}, ChatLimits limits = {})
      : handler(limits), server(with_threads(std::move(config)), handler)
  {
    server.listen("127.0.0.1", 0);
  }

  std::uint16_t port() const { return server.local_endpoint().port; }

  static ServerConfig with_threads(ServerConfig config)
  {
    if (config.io_threads == 0) config.io_threads = 2;
    return config;
  }
};

// One chat client: sends requests, reads events, each bounded by kDeadline.
class ChatPeer
{
 public:
  explicit ChatPeer(std::uint16_t port) : client_(port) {}

  bool send(const Request& request) { return send_request(client_, request); }

  // The next event, or nullopt on timeout, close or a payload that does not parse.
  std::optional<Event> next(std::chrono::milliseconds timeout = kDeadline)
  {
    return read_event(client_, timeout);
  }

  // The next event, which must be a T.
  template <class T>
  T expect()
  {
    const auto event = next();
    if (!event) {
      ADD_FAILURE() << "no event";
      return T{};
    }
    if (const T* typed = std::get_if<T>(&*event)) return *typed;
    ADD_FAILURE() << "unexpected event type " << static_cast<int>(type_of(*event));
    return T{};
  }

  ErrorCode expect_error() { return expect<ErrorEvent>().code; }

  // Pings and returns every event that came before the pong: with the pong after them,
  // nothing else the server owed this client is missing.
  std::vector<Event> drain()
  {
    const std::uint32_t token = ++token_;
    send(PingRequest{token});
    std::vector<Event> events;
    while (auto event = next()) {
      if (const auto* pong = std::get_if<PongEvent>(&*event); pong && pong->token == token)
        return events;
      events.push_back(std::move(*event));
    }
    ADD_FAILURE() << "no pong";
    return events;
  }

  // hello, nickname, and a room if given; consumes the answers.
  void login(const std::string& nick, const std::string& room = {})
  {
    send(HelloRequest{});
    EXPECT_EQ(expect<WelcomeEvent>().version, kProtocolVersion);
    send(NickRequest{nick});
    EXPECT_EQ(expect<NickEvent>(), (NickEvent{"", nick}));
    if (room.empty()) return;
    send(JoinRequest{room});
    EXPECT_EQ(expect<JoinedEvent>(), (JoinedEvent{room, nick}));
  }

  LoopbackClient& raw() { return client_; }

 private:
  LoopbackClient client_;
  std::uint32_t token_ = 0;
};

std::vector<Event> events(std::initializer_list<Event> list)
{
  return list;
}

TEST(ChatServer, GreetsWithTheVersionAndHowToStart)
{
  ChatServer chat;
  ChatPeer peer(chat.port());
  peer.send(HelloRequest{kProtocolVersion});
  const WelcomeEvent welcome = peer.expect<WelcomeEvent>();
  EXPECT_EQ(welcome.version, kProtocolVersion);
  EXPECT_NE(welcome.text.find("nickname"), std::string::npos) << welcome.text;
  peer.send(PingRequest{42});
  EXPECT_EQ(peer.expect<PongEvent>().token, 42u);
}

TEST(ChatServer, RefusesRequestsBeforeHelloAndOtherVersions)
{
  ChatServer chat;
  ChatPeer peer(chat.port());
  peer.send(NickRequest{"early"});
  EXPECT_EQ(peer.expect<ErrorEvent>(),
            (ErrorEvent{ErrorCode::hello_required, 0x02, "send hello first"}));
  peer.send(HelloRequest{2});
  EXPECT_EQ(peer.expect_error(), ErrorCode::unsupported_version);
  peer.login("late");
}

TEST(ChatServer, ThreeClientsInTwoRoomsSeeExactlyTheirRoomsMessages)
{
  ChatServer chat;
  ChatPeer alice(chat.port()), bob(chat.port()), carol(chat.port());
  alice.login("alice", "red");
  bob.login("bob", "red");
  carol.login("carol", "blue");
  EXPECT_EQ(alice.drain(), events({JoinedEvent{"red", "bob"}}));

  // Each speaker sees its own copy last, so every other copy is queued by then.
  alice.send(SayRequest{"hi red"});
  EXPECT_EQ(alice.expect<MessageEvent>(), (MessageEvent{"red", "alice", "hi red"}));
  carol.send(SayRequest{"hi blue"});
  EXPECT_EQ(carol.expect<MessageEvent>(), (MessageEvent{"blue", "carol", "hi blue"}));
  bob.send(SayRequest{"hello alice"});
  EXPECT_EQ(bob.drain(), events({MessageEvent{"red", "alice", "hi red"},
                                 MessageEvent{"red", "bob", "hello alice"}}));
  EXPECT_EQ(alice.drain(), events({MessageEvent{"red", "bob", "hello alice"}}));
  EXPECT_EQ(carol.drain(), events({}));

  // Carol moves to red: blue disappears, red hears of it, and carol now hears red.
  carol.send(JoinRequest{"red"});
  EXPECT_EQ(carol.drain(), events({LeftEvent{"blue", "carol"}, JoinedEvent{"red", "carol"}}));
  EXPECT_EQ(alice.drain(), events({JoinedEvent{"red", "carol"}}));
  EXPECT_EQ(bob.drain(), events({JoinedEvent{"red", "carol"}}));
  bob.send(SayRequest{"welcome carol"});
  EXPECT_EQ(bob.drain(), events({MessageEvent{"red", "bob", "welcome carol"}}));
  EXPECT_EQ(carol.drain(), events({MessageEvent{"red", "bob", "welcome carol"}}));
  EXPECT_EQ(chat.handler.rooms().room_count(), 1u);
}

TEST(ChatServer, NicknameCollisionIsAnErrorEventAndTheSessionSurvives)
{
  ChatServer chat;
  ChatPeer alice(chat.port()), other(chat.port());
  alice.login("alice", "lobby");
  other.send(HelloRequest{});
  other.expect<WelcomeEvent>();
  for (const char* taken : {"alice", "ALICE", "Alice"}) {
    other.send(NickRequest{taken});
    const ErrorEvent error = other.expect<ErrorEvent>();
    EXPECT_EQ(error.code, ErrorCode::nick_taken) << taken;
    EXPECT_EQ(error.request, static_cast<std::uint8_t>(MessageType::set_nick));
    EXPECT_NE(error.text.find(taken), std::string::npos) << error.text;
  }
  for (const char* invalid : {"", "has space", "dot.ted", "waaaaaaaaaaaaaaaaaaaaaaaaaaaaaaay"}) {
    other.send(NickRequest{invalid});
    EXPECT_EQ(other.expect_error(), ErrorCode::invalid_nick) << invalid;
  }
  other.send(JoinRequest{"lobby"});
  EXPECT_EQ(other.expect_error(), ErrorCode::nick_required);
  other.login("alice2", "lobby");
  EXPECT_EQ(alice.drain(), events({JoinedEvent{"lobby", "alice2"}}));

  // A rename is announced to the room and frees the old name.
  alice.send(NickRequest{"Al"});
  EXPECT_EQ(alice.drain(), events({NickEvent{"alice", "Al"}}));
  EXPECT_EQ(other.drain(), events({NickEvent{"alice", "Al"}}));
  other.send(NickRequest{"alice"});
  EXPECT_EQ(other.drain(), events({NickEvent{"alice2", "alice"}}));
}

TEST(ChatServer, MalformedMessagesGetAnErrorEventAndTheSessionSurvives)
{
  ChatServer chat;
  ChatPeer peer(chat.port());
  peer.login("tester", "lab");
  const std::pair<std::string, ErrorCode> cases[] = {
      {""s, ErrorCode::malformed},
      {"\x01"s, ErrorCode::malformed},
      {"\x05\x00\x10short"s, ErrorCode::malformed},
      {"\x05\x00\x01xy"s, ErrorCode::malformed},
      {"\x09\x00"s, ErrorCode::malformed},
      {"\x7fjunk"s, ErrorCode::unknown_type},
      {"\x85\x00\x01r\x00\x01n\x00\x01t"s, ErrorCode::unknown_type},
      {std::string(5000, '\xee'), ErrorCode::unknown_type},
  };
  for (const auto& [payload, code] : cases) {
    ASSERT_TRUE(peer.raw().write_frame(payload));
    EXPECT_EQ(peer.expect_error(), code) << payload.size();
  }
  // Bad values in well-formed requests are errors too.
  peer.send(SayRequest{""});
  EXPECT_EQ(peer.expect_error(), ErrorCode::invalid_text);
  peer.send(SayRequest{"two\nlines"});
  EXPECT_EQ(peer.expect_error(), ErrorCode::invalid_text);
  peer.send(SayRequest{std::string(ChatLimits::kDefaultMaxMessage + 1, 'a')});
  EXPECT_EQ(peer.expect_error(), ErrorCode::message_too_long);
  peer.send(JoinRequest{"no spaces allowed"});
  EXPECT_EQ(peer.expect_error(), ErrorCode::invalid_room);

  peer.send(SayRequest{"still here"});
  EXPECT_EQ(peer.drain(), events({MessageEvent{"lab", "tester", "still here"}}));
  EXPECT_EQ(chat.server.metrics().closes_for(CloseReason::protocol_error), 0u);
}

TEST(ChatServer, PrivateMessagesReachOnlyTheRecipient)
{
  ChatServer chat;
  ChatPeer alice(chat.port()), bob(chat.port()), carol(chat.port());
  alice.login("alice", "lobby");
  bob.login("bob");
  carol.login("carol", "lobby");
  alice.send(PrivateRequest{"BOB", "psst"});
  EXPECT_EQ(alice.drain(),
            events({JoinedEvent{"lobby", "carol"}, PrivateEvent{"alice", "bob", "psst"}}));
  EXPECT_EQ(bob.drain(), events({PrivateEvent{"alice", "bob", "psst"}}));
  EXPECT_EQ(carol.drain(), events({}));
  alice.send(PrivateRequest{"dave", "anyone?"});
  EXPECT_EQ(alice.expect_error(), ErrorCode::no_such_user);
  alice.send(PrivateRequest{"bob", std::string(ChatLimits::kDefaultMaxMessage + 1, 'a')});
  EXPECT_EQ(alice.expect_error(), ErrorCode::message_too_long);
}

TEST(ChatServer, ListsRoomsAndUsersAndLeavesRooms)
{
  ChatServer chat;
  ChatPeer alice(chat.port()), bob(chat.port()), carol(chat.port());
  alice.login("alice", "Lobby");
  bob.login("bob");
  bob.send(JoinRequest{"lobby"});  // names are case-insensitive; the creator's spelling stays
  EXPECT_EQ(bob.expect<JoinedEvent>(), (JoinedEvent{"Lobby", "bob"}));
  carol.login("carol", "dev");
  carol.send(RoomsRequest{});
  EXPECT_EQ(carol.expect<RoomsEvent>(), (RoomsEvent{{{"dev", 1}, {"Lobby", 2}}}));
  carol.send(UsersRequest{"LOBBY"});
  EXPECT_EQ(carol.expect<UsersEvent>(), (UsersEvent{"Lobby", {"alice", "bob"}}));
  carol.send(UsersRequest{});
  EXPECT_EQ(carol.expect<UsersEvent>(), (UsersEvent{"dev", {"carol"}}));
  carol.send(UsersRequest{"attic"});
  EXPECT_EQ(carol.expect_error(), ErrorCode::no_such_room);

  carol.send(LeaveRequest{});
  EXPECT_EQ(carol.expect<LeftEvent>(), (LeftEvent{"dev", "carol"}));
  carol.send(LeaveRequest{});
  EXPECT_EQ(carol.expect_error(), ErrorCode::not_in_room);
  carol.send(SayRequest{"hello?"});
  EXPECT_EQ(carol.expect_error(), ErrorCode::not_in_room);
  carol.send(RoomsRequest{});
  EXPECT_EQ(carol.expect<RoomsEvent>(), (RoomsEvent{{{"Lobby", 2}}}));
}

TEST(ChatServer, DisconnectTellsTheRoomAndFreesTheNickname)
{
  ChatServer chat;
  ChatPeer alice(chat.port());
  alice.login("alice", "lobby");
  {
    ChatPeer bob(chat.port());
    bob.login("bob", "lobby");
    bob.raw().close();
  }
  EXPECT_EQ(alice.expect<JoinedEvent>(), (JoinedEvent{"lobby", "bob"}));
  EXPECT_EQ(alice.expect<LeftEvent>(), (LeftEvent{"lobby", "bob"}));
  ChatPeer again(chat.port());
  again.login("bob");
}

TEST(ChatServer, EnforcesRoomCountRoomSizeAndMessageLimits)
{
  ChatLimits limits;
  limits.max_rooms = 2;
  limits.max_room_size = 2;
  limits.max_message = 8;
  ChatServer chat({}, limits);
  ChatPeer a(chat.port()), b(chat.port()), c(chat.port());
  a.login("a", "one");
  b.login("b", "two");
  c.login("c");
  c.send(JoinRequest{"three"});
  EXPECT_EQ(c.expect_error(), ErrorCode::too_many_rooms);
  c.send(JoinRequest{"one"});
  EXPECT_EQ(c.expect<JoinedEvent>(), (JoinedEvent{"one", "c"}));
  b.send(JoinRequest{"one"});
  EXPECT_EQ(b.expect_error(), ErrorCode::room_full);
  c.send(SayRequest{"12345678"});
  EXPECT_EQ(c.expect<MessageEvent>().text, "12345678");
  c.send(SayRequest{"123456789"});
  EXPECT_EQ(c.expect_error(), ErrorCode::message_too_long);
}

}  // namespace
}  // namespace chat_server_test
}  // namespace proactor::test
