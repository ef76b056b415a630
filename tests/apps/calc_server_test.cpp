// The calculator in-process: a real Server running the CalcHandler, driven over loopback by a
// blocking test client that writes raw frames. Every wait has a deadline.
#include "calc/calc_handler.hpp"
#include "calc/calc_protocol.hpp"
#include "loopback_client.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/net/packet_writer.hpp>
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace proactor::test {
namespace calc_server_test {  // a unity build puts several test files in one unit
namespace {

using namespace calc;
using namespace std::string_literals;

// A server on 127.0.0.1:0 running the calculator.
struct CalcServer
{
  CalcHandler handler;
  Server server;

  // Two I/O threads, and `logic_threads` running the handler (0: on the I/O threads).
  explicit CalcServer(std::size_t logic_threads = 0) : server(with_threads(logic_threads), handler)
  {
    server.listen("127.0.0.1", 0);
  }

  std::uint16_t port() const { return server.local_endpoint().port; }

  static ServerConfig with_threads(std::size_t logic_threads)
  {
    ServerConfig config;
    config.io_threads = 2;
    config.logic_threads = logic_threads;
    return config;
  }
};

// Sends `payload` as one frame and reads one reply; nullopt on timeout, close or a reply
// that does not parse.
std::optional<Reply> ask(LoopbackClient& client, const std::string& payload)
{
  if (!client.write_frame(payload)) return std::nullopt;
  const auto reply = client.read_frame();
  if (!reply) return std::nullopt;
  return parse_reply(as_bytes(*reply));
}

std::optional<Reply> ask(LoopbackClient& client, const Request& request)
{
  PacketWriter writer;
  write(writer, request);
  return ask(client, std::string(as_string_view(writer.bytes())));
}

TEST(CalcServer, AnswersEachOp)
{
  CalcServer calc;
  LoopbackClient client(calc.port());
  EXPECT_EQ(ask(client, Request{'+', 3, 4}), (Reply{Status::ok, 7}));
  EXPECT_EQ(ask(client, Request{'-', 3, 4}), (Reply{Status::ok, -1}));
  EXPECT_EQ(ask(client, Request{'*', 6, -7}), (Reply{Status::ok, -42}));
  EXPECT_EQ(ask(client, Request{'/', 100, 7}), (Reply{Status::ok, 14}));
}

TEST(CalcServer, AnswersTheDocumentedBytesWithTheDocumentedBytes)
{
  CalcServer calc;
  LoopbackClient client(calc.port());
  ASSERT_TRUE(client.write("\x00\x00\x00\x09\x2B\x00\x00\x00\x03\x00\x00\x00\x04"s));
  EXPECT_EQ(client.read_exact(13), "\x00\x00\x00\x09\x00\x00\x00\x00\x00\x00\x00\x00\x07"s);
}

TEST(CalcServer, MultipliesTheExtremesWithoutOverflow)
{
  CalcServer calc;
  LoopbackClient client(calc.port());
  constexpr auto kMax = std::numeric_limits<std::int32_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int32_t>::min();
  EXPECT_EQ(ask(client, Request{'*', kMax, kMax}), (Reply{Status::ok, std::int64_t{kMax} * kMax}));
  EXPECT_EQ(ask(client, Request{'/', kMin, -1}), (Reply{Status::ok, -std::int64_t{kMin}}));
}

TEST(CalcServer, ErrorsKeepTheSessionServing)
{
  CalcServer calc;
  LoopbackClient client(calc.port());
  EXPECT_EQ(ask(client, Request{'/', 10, 0}), (Reply{Status::division_by_zero, 0}));
  EXPECT_EQ(ask(client, Request{'+', 1, 1}), (Reply{Status::ok, 2}));
  EXPECT_EQ(ask(client, Request{'^', 2, 3}), (Reply{Status::unknown_op, 0}));
  EXPECT_EQ(ask(client, Request{'+', 2, 2}), (Reply{Status::ok, 4}));
  EXPECT_EQ(ask(client, "\x2B\x00\x00\x00\x03"s), (Reply{Status::malformed_request, 0}));
  EXPECT_EQ(ask(client, Request{'+', 3, 3}), (Reply{Status::ok, 6}));
  EXPECT_EQ(ask(client, "\x2B\x00\x00\x00\x03\x00\x00\x00\x04\xFF"s),
            (Reply{Status::malformed_request, 0}));
  EXPECT_EQ(ask(client, ""s), (Reply{Status::malformed_request, 0}));
  EXPECT_EQ(ask(client, Request{'-', 3, 4}), (Reply{Status::ok, -1}));
}

TEST(CalcServer, AnswersPipelinedRequestsInOrder)
{
  CalcServer calc(2);
  LoopbackClient client(calc.port());
  std::string batch;
  for (std::int32_t i = 0; i < 100; ++i) {
    PacketWriter writer;
    write(writer, Request{'*', i, i});
    batch += encode_frame(as_string_view(writer.bytes()));
  }
  ASSERT_TRUE(client.write(batch));
  for (std::int32_t i = 0; i < 100; ++i) {
    const auto payload = client.read_frame();
    ASSERT_TRUE(payload) << i;
    EXPECT_EQ(parse_reply(as_bytes(*payload)), (Reply{Status::ok, std::int64_t{i} * i})) << i;
  }
}

TEST(CalcServer, ServesSeveralClientsAtOnce)
{
  CalcServer calc;
  LoopbackClient first(calc.port());
  LoopbackClient second(calc.port());
  EXPECT_EQ(ask(first, Request{'+', 1, 2}), (Reply{Status::ok, 3}));
  EXPECT_EQ(ask(second, Request{'/', 1, 0}), (Reply{Status::division_by_zero, 0}));
  EXPECT_EQ(ask(first, Request{'-', 1, 2}), (Reply{Status::ok, -1}));
}

}  // namespace
}  // namespace calc_server_test
}  // namespace proactor::test
