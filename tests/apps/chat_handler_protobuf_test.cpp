// The chat handler speaking Protocol Buffers behind the Snappy layer (`--codec
// protobuf,snappy`), in-process over loopback: the same conversation as the binary protocol,
// and bad bytes answered with an error event while the session goes on.
#include "chat/chat_handler.hpp"
#include "chat/chat_wire.hpp"
#include "chat_test_support.hpp"
#include "loopback_client.hpp"
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace proactor::test {
namespace chat_handler_protobuf_test {  // a unity build puts several test files in one unit
namespace {

using namespace chat;

constexpr std::size_t kMaxPayload = 64 * 1024;

struct ProtobufChatServer
{
  std::shared_ptr<const ChatWire> wire = make_chat_wire("protobuf,snappy", kMaxPayload);
  ChatHandler handler{ChatLimits{}, wire};
  Server server{config(), handler};

  ProtobufChatServer() { server.listen("127.0.0.1", 0); }
  std::uint16_t port() const { return server.local_endpoint().port; }

  static ServerConfig config()
  {
    ServerConfig c;
    c.io_threads = 2;
    return c;
  }
};

// A client speaking the same wire, each step bounded by kDeadline.
class Peer
{
 public:
  Peer(std::uint16_t port, std::shared_ptr<const ChatWire> wire)
      : client_(port), wire_(std::move(wire))
  {}

  bool send(const Request& request)
  {
    return client_.write_frame(as_string_view(wire_->write(request).readable()));
  }
  bool send_raw(std::string_view payload) { return client_.write_frame(payload); }

  std::optional<Event> next()
  {
    const auto payload = client_.read_frame();
    Event event;
    if (!payload || wire_->parse(as_bytes(*payload), event) != ErrorCode::none) return std::nullopt;
    return event;
  }

  template <class T>
  T expect()
  {
    auto event = next();
    if (!event) {
      ADD_FAILURE() << "no event";
      return T{};
    }
    if (T* typed = std::get_if<T>(&*event)) return std::move(*typed);
    ADD_FAILURE() << "unexpected event " << static_cast<int>(type_of(*event));
    return T{};
  }

  void login(const std::string& nick, const std::string& room)
  {
    send(HelloRequest{});
    EXPECT_EQ(expect<WelcomeEvent>().version, kProtocolVersion);
    send(NickRequest{nick});
    EXPECT_EQ(expect<NickEvent>(), (NickEvent{"", nick}));
    send(JoinRequest{room});
    EXPECT_EQ(expect<JoinedEvent>(), (JoinedEvent{room, nick}));
  }

 private:
  LoopbackClient client_;
  std::shared_ptr<const ChatWire> wire_;
};

TEST(ChatHandlerProtobuf, TwoClientsChatAndLargeMessagesArriveIntact)
{
  ProtobufChatServer server;
  Peer alice(server.port(), server.wire);
  Peer bob(server.port(), server.wire);
  alice.login("alice", "lobby");
  bob.login("bob", "lobby");
  EXPECT_EQ(alice.expect<JoinedEvent>(), (JoinedEvent{"lobby", "bob"}));

  const std::string big(1000, 'q');  // compressed on the wire
  ASSERT_TRUE(alice.send(SayRequest{big}));
  EXPECT_EQ(bob.expect<MessageEvent>(), (MessageEvent{"lobby", "alice", big}));
  EXPECT_EQ(alice.expect<MessageEvent>(), (MessageEvent{"lobby", "alice", big}));

  ASSERT_TRUE(bob.send(PrivateRequest{"alice", "psst"}));
  EXPECT_EQ(alice.expect<PrivateEvent>(), (PrivateEvent{"bob", "alice", "psst"}));
  EXPECT_EQ(bob.expect<PrivateEvent>(), (PrivateEvent{"bob", "alice", "psst"}));

  ASSERT_TRUE(bob.send(UsersRequest{}));
  EXPECT_EQ(bob.expect<UsersEvent>(), (UsersEvent{"lobby", {"alice", "bob"}}));
}

TEST(ChatHandlerProtobuf, BytesThatAreNotProtobufGetAnErrorAndTheSessionGoesOn)
{
  ProtobufChatServer server;
  Peer peer(server.port(), server.wire);
  // Flag 0 (stored), then a length-delimited field announcing more bytes than follow.
  ASSERT_TRUE(peer.send_raw(std::string_view("\x00\x2a\x7f\x0a", 4)));
  const ErrorEvent error = peer.expect<ErrorEvent>();
  EXPECT_EQ(error.code, ErrorCode::malformed);
  EXPECT_EQ(error.request, 0);

  // An envelope with nothing set.
  ASSERT_TRUE(peer.send_raw(std::string_view("\x00", 1)));
  EXPECT_EQ(peer.expect<ErrorEvent>().code, ErrorCode::unknown_type);

  ASSERT_TRUE(peer.send(PingRequest{42}));
  EXPECT_EQ(peer.expect<PongEvent>().token, 42u);
}

TEST(ChatHandlerProtobuf, AZipBombFrameIsRefusedUninflatedAndTheSessionGoesOn)
{
  ProtobufChatServer server;
  Peer peer(server.port(), server.wire);
  // Flag 1 (snappy), a block announcing 4 GiB, and a literal of one byte.
  ASSERT_TRUE(peer.send_raw(std::string_view("\x01\x80\x80\x80\x80\x10\x00\x41", 8)));
  EXPECT_EQ(peer.expect<ErrorEvent>().code, ErrorCode::malformed);
  // An honest message that inflates past the limit: 70 000 bytes, a few KB compressed.
  const Buffer packed = make_chat_wire("protobuf,snappy", 1 << 20)
                            ->write(Request{SayRequest{std::string(70'000, 'o')}});
  ASSERT_LT(packed.size(), kMaxPayload);
  ASSERT_TRUE(peer.send_raw(as_string_view(packed.readable())));
  EXPECT_EQ(peer.expect<ErrorEvent>().code, ErrorCode::malformed);

  ASSERT_TRUE(peer.send(PingRequest{7}));
  EXPECT_EQ(peer.expect<PongEvent>().token, 7u);
}

}  // namespace
}  // namespace chat_handler_protobuf_test
}  // namespace proactor::test
