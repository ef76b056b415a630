// Hostile and broken peers against the chat service in a real Server: malformed and unknown
// requests get error events and the session survives; broken framing closes only that
// connection.
#include "bad_input_support.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <random>
#include <string>

namespace proactor::test {
namespace chat_bad_input_test {  // a unity build puts several test files in one unit
namespace {

// A logged-in chat client over a raw loopback connection.
struct ChatClient
{
  LoopbackClient raw;

  ChatClient(std::uint16_t port, const std::string& nick, const std::string& room) : raw(port)
  {
    send(chat::HelloRequest{});
    expect<chat::WelcomeEvent>();
    send(chat::NickRequest{nick});
    expect<chat::NickEvent>();
    send(chat::JoinRequest{room});
    expect<chat::JoinedEvent>();
  }

  void send(const chat::Request& request) { EXPECT_TRUE(send_request(raw, request)); }

  template <class T>
  std::optional<T> expect()
  {
    const auto event = read_event(raw);
    if (!event) {
      ADD_FAILURE() << "no event";
      return std::nullopt;
    }
    if (const T* typed = std::get_if<T>(&*event)) return *typed;
    ADD_FAILURE() << "unexpected event type " << static_cast<int>(chat::type_of(*event));
    return std::nullopt;
  }

  // Pings and returns every event that came before the pong: the session is alive, and
  // nothing it was owed before the ping is missing.
  std::vector<chat::Event> drain(std::uint32_t token)
  {
    send(chat::PingRequest{token});
    std::vector<chat::Event> events;
    for (int i = 0; i < 1000; ++i) {
      auto event = read_event(raw);
      if (!event) break;
      if (const auto* pong = std::get_if<chat::PongEvent>(&*event); pong && pong->token == token)
        return events;
      events.push_back(std::move(*event));
    }
    ADD_FAILURE() << "no pong";
    return events;
  }
};

std::string encoded(const chat::Request& request)
{
  PacketWriter writer;
  chat::write(writer, request);
  return std::string(as_string_view(writer.bytes()));
}

// Random payloads (fixed seed) whose type byte is no request's: each gets its own
// unknown_type error event and the session stays open, as does a bystander's.
TEST(ChatBadInput, RandomPayloadsOfUnknownTypeGetErrorEventsAndTheSessionSurvives)
{
  ChatServer chat;
  ChatClient bystander(chat.port(), "bystander", "lab");
  ChatClient fuzzer(chat.port(), "fuzzer", "lab");
  std::mt19937 rng(7);
  std::uniform_int_distribution<std::size_t> size(0, 300);
  std::uniform_int_distribution<int> type(0x0a, 0xff);
  for (int i = 0; i < 200; ++i) {
    std::string payload = random_bytes(rng, size(rng) + 1);
    payload[0] = static_cast<char>(i % 10 == 0 ? 0 : type(rng));
    ASSERT_TRUE(fuzzer.raw.write_frame(payload));
    const auto error = fuzzer.expect<chat::ErrorEvent>();
    ASSERT_TRUE(error) << "payload " << i;
    EXPECT_EQ(error->code, chat::ErrorCode::unknown_type) << "payload " << i;
  }
  EXPECT_TRUE(fuzzer.drain(1).empty());
  EXPECT_EQ(bystander.drain(2), (std::vector<chat::Event>{chat::JoinedEvent{"lab", "fuzzer"}}));
  // Still a member: what it says reaches the room.
  fuzzer.send(chat::SayRequest{"survived"});
  const auto heard = bystander.expect<chat::MessageEvent>();
  ASSERT_TRUE(heard);
  EXPECT_EQ(heard->text, "survived");
  EXPECT_EQ(chat.handler.close_count(), 0u);
}

// Every strict prefix of a well-formed request, and every request with a byte too many, is
// malformed: an error event each, never a disconnect and never a half-applied request.
TEST(ChatBadInput, TruncatedAndPaddedRequestsAreMalformed)
{
  ChatServer chat;
  ChatClient bystander(chat.port(), "bystander", "lab");
  ChatClient client(chat.port(), "client", "lab");
  const std::vector<chat::Request> requests{chat::HelloRequest{},
                                            chat::NickRequest{"newname"},
                                            chat::JoinRequest{"elsewhere"},
                                            chat::SayRequest{"hello room"},
                                            chat::PrivateRequest{"bystander", "psst"},
                                            chat::UsersRequest{"lab"},
                                            chat::PingRequest{99}};
  std::size_t cases = 0;
  for (const chat::Request& request : requests) {
    const std::string whole = encoded(request);
    std::vector<std::string> bad{whole + "\x00"s, whole + "junk"};
    for (std::size_t n = 1; n < whole.size(); ++n) bad.push_back(whole.substr(0, n));
    for (const std::string& payload : bad) {
      ASSERT_TRUE(client.raw.write_frame(payload));
      const auto error = client.expect<chat::ErrorEvent>();
      ASSERT_TRUE(error) << "request type " << int{static_cast<std::uint8_t>(whole[0])} << ", "
                         << payload.size() << " bytes";
      EXPECT_EQ(error->code, chat::ErrorCode::malformed) << payload.size() << " bytes";
      ++cases;
    }
  }
  EXPECT_GT(cases, 40u);
  // Nothing was applied: the bystander saw no message, rename, departure or whisper.
  EXPECT_EQ(bystander.drain(1), (std::vector<chat::Event>{chat::JoinedEvent{"lab", "client"}}));
  client.send(chat::SayRequest{"still client"});
  const auto heard = bystander.expect<chat::MessageEvent>();
  ASSERT_TRUE(heard);
  EXPECT_EQ(heard->nick, "client");
  EXPECT_EQ(heard->room, "lab");
  EXPECT_EQ(chat.handler.close_count(), 0u);
}

// Raw garbage on the wire (not even framed) ends that connection with a protocol error; the
// room and its other members carry on.
TEST(ChatBadInput, GarbageOnTheWireClosesOnlyThatConnection)
{
  ChatServer chat;
  ChatClient alice(chat.port(), "alice", "lab");
  ChatClient bob(chat.port(), "bob", "lab");
  std::mt19937 rng(99);
  constexpr std::size_t kRounds = 10;
  for (std::size_t round = 0; round < kRounds; ++round) {
    LoopbackClient bad(chat.port());
    (void)bad.write("\xff"s + random_bytes(rng, 512));  // a first byte of 0xff: oversize
    shutdown_quietly(bad);
    EXPECT_TRUE(ended(bad.read_until_closed())) << "round " << round;
  }
  const auto closes = chat.handler.wait_closes(kRounds);
  ASSERT_TRUE(closes);
  for (const CloseEvent& close : *closes) {
    EXPECT_EQ(close.reason, CloseReason::protocol_error);
    EXPECT_EQ(close.ec, error::frame_too_large);
  }
  alice.send(chat::SayRequest{"anyone?"});
  const auto heard = bob.expect<chat::MessageEvent>();
  ASSERT_TRUE(heard);
  EXPECT_EQ(heard->text, "anyone?");
  EXPECT_FALSE(alice.drain(1).empty());  // bob's arrival and her own message
  EXPECT_TRUE(bob.drain(2).empty());
}

}  // namespace
}  // namespace chat_bad_input_test
}  // namespace proactor::test
