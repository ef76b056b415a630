// The calculator protocol with byte strings: requests and replies as docs/protocol/calc.md
// shows them, every status, and the extremes of the arithmetic.
#include "calc/calc_protocol.hpp"

#include <proactor/net/bytes.hpp>
#include <proactor/net/packet_writer.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace proactor::calc {
namespace calc_protocol_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::string_literals;

constexpr std::int32_t kMin = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t kMax = std::numeric_limits<std::int32_t>::max();

std::string payload_of(const Request& request)
{
  PacketWriter writer;
  write(writer, request);
  return std::string(as_string_view(writer.bytes()));
}

std::string payload_of(const Reply& reply)
{
  PacketWriter writer;
  write(writer, reply);
  return std::string(as_string_view(writer.bytes()));
}

// The whole frame as it goes on the wire: u32 length, then the payload.
std::string wire_of(const Request& request)
{
  PacketWriter writer;
  write(writer, request);
  const Frame frame = std::move(writer).to_frame();
  return std::string(as_string_view(frame.bytes()));
}

TEST(CalcProtocol, EncodesThreePlusFourAsTheDocumentedBytes)
{
  EXPECT_EQ(wire_of({'+', 3, 4}), "\x00\x00\x00\x09\x2B\x00\x00\x00\x03\x00\x00\x00\x04"s);
}

TEST(CalcProtocol, EncodesNegativeOperandsAsTwosComplement)
{
  EXPECT_EQ(payload_of(Request{'-', -1, kMin}), "\x2D\xFF\xFF\xFF\xFF\x80\x00\x00\x00"s);
  EXPECT_EQ(payload_of(Request{'*', kMax, 0}), "\x2A\x7F\xFF\xFF\xFF\x00\x00\x00\x00"s);
}

TEST(CalcProtocol, ParsesTheDocumentedRequest)
{
  const auto request = parse_request(as_bytes("\x2B\x00\x00\x00\x03\x00\x00\x00\x04"s));
  ASSERT_TRUE(request);
  EXPECT_EQ(*request, (Request{'+', 3, 4}));
}

TEST(CalcProtocol, RequestRoundTripsForEveryOpAndExtreme)
{
  for (const char op : std::string_view("+-*/%")) {
    for (const std::int32_t value : {kMin, -1, 0, 1, kMax}) {
      const Request request{static_cast<std::uint8_t>(op), value, ~value};
      EXPECT_EQ(parse_request(as_bytes(payload_of(request))), request);
    }
  }
}

TEST(CalcProtocol, RejectsShortAndLongRequests)
{
  EXPECT_FALSE(parse_request(as_bytes(""s)));
  EXPECT_FALSE(parse_request(as_bytes("\x2B"s)));
  EXPECT_FALSE(parse_request(as_bytes("\x2B\x00\x00\x00\x03\x00\x00\x00"s)));
  EXPECT_FALSE(parse_request(as_bytes("\x2B\x00\x00\x00\x03\x00\x00\x00\x04\x00"s)));
}

TEST(CalcProtocol, EncodesRepliesAsStatusAndBigEndianI64)
{
  EXPECT_EQ(payload_of(Reply{Status::ok, 7}), "\x00\x00\x00\x00\x00\x00\x00\x00\x07"s);
  EXPECT_EQ(payload_of(Reply{Status::ok, -1}), "\x00\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"s);
  EXPECT_EQ(payload_of(Reply{Status::division_by_zero, 0}),
            "\x01\x00\x00\x00\x00\x00\x00\x00\x00"s);
  EXPECT_EQ(payload_of(Reply{Status::unknown_op, 0}), "\x02\x00\x00\x00\x00\x00\x00\x00\x00"s);
  EXPECT_EQ(payload_of(Reply{Status::malformed_request, 0}),
            "\x03\x00\x00\x00\x00\x00\x00\x00\x00"s);
}

TEST(CalcProtocol, ParsesEveryStatusAndRejectsOthers)
{
  for (const Status status :
       {Status::ok, Status::division_by_zero, Status::unknown_op, Status::malformed_request}) {
    const Reply reply{status, status == Status::ok ? std::int64_t{-42} : 0};
    EXPECT_EQ(parse_reply(as_bytes(payload_of(reply))), reply);
  }
  EXPECT_FALSE(parse_reply(as_bytes("\x04\x00\x00\x00\x00\x00\x00\x00\x00"s)));
  EXPECT_FALSE(parse_reply(as_bytes("\x00\x00\x00\x00\x00\x00\x00\x07"s)));
  EXPECT_FALSE(parse_reply(as_bytes("\x00\x00\x00\x00\x00\x00\x00\x00\x07\x00"s)));
}

TEST(CalcProtocol, EvaluatesEachOp)
{
  EXPECT_EQ(evaluate({'+', 3, 4}), (Reply{Status::ok, 7}));
  EXPECT_EQ(evaluate({'-', 3, 4}), (Reply{Status::ok, -1}));
  EXPECT_EQ(evaluate({'*', -3, 4}), (Reply{Status::ok, -12}));
  EXPECT_EQ(evaluate({'/', 7, 2}), (Reply{Status::ok, 3}));
  EXPECT_EQ(evaluate({'/', -7, 2}), (Reply{Status::ok, -3}));  // truncates toward zero
}

TEST(CalcProtocol, ComputesInSixtyFourBitsWithoutOverflow)
{
  EXPECT_EQ(evaluate({'*', kMax, kMax}).result, std::int64_t{kMax} * kMax);
  EXPECT_EQ(evaluate({'*', kMin, kMin}).result, std::int64_t{1} << 62);
  EXPECT_EQ(evaluate({'+', kMax, kMax}).result, std::int64_t{2} * kMax);
  EXPECT_EQ(evaluate({'-', kMin, kMax}).result, std::int64_t{kMin} - kMax);
  EXPECT_EQ(evaluate({'/', kMin, -1}), (Reply{Status::ok, -std::int64_t{kMin}}));
}

TEST(CalcProtocol, ReportsDivisionByZeroAndUnknownOps)
{
  EXPECT_EQ(evaluate({'/', 10, 0}), (Reply{Status::division_by_zero, 0}));
  EXPECT_EQ(evaluate({'/', 0, 0}), (Reply{Status::division_by_zero, 0}));
  EXPECT_EQ(evaluate({'%', 10, 3}), (Reply{Status::unknown_op, 0}));
  EXPECT_EQ(evaluate({0x00, 1, 1}), (Reply{Status::unknown_op, 0}));
}

TEST(CalcProtocol, AnswersAMalformedPayloadWithStatusThree)
{
  EXPECT_EQ(answer(as_bytes("\x2B\x00\x00"s)), (Reply{Status::malformed_request, 0}));
  EXPECT_EQ(answer(as_bytes(""s)), (Reply{Status::malformed_request, 0}));
  EXPECT_EQ(answer(as_bytes("\x2B\x00\x00\x00\x03\x00\x00\x00\x04"s)), (Reply{Status::ok, 7}));
}

TEST(CalcProtocol, FormatsResultsAndErrorsAsOneLine)
{
  EXPECT_EQ(format_reply({Status::ok, 7}), "7");
  EXPECT_EQ(format_reply({Status::ok, -4611686014132420609}), "-4611686014132420609");
  EXPECT_EQ(format_reply({Status::division_by_zero, 0}), "error: division by zero");
  EXPECT_EQ(format_reply({Status::unknown_op, 0}), "error: unknown op");
  EXPECT_EQ(format_reply({Status::malformed_request, 0}), "error: malformed request");
}

TEST(CalcProtocol, ParsesExpressionsAsPeopleWriteThem)
{
  EXPECT_EQ(parse_expression("3 + 4"), (Request{'+', 3, 4}));
  EXPECT_EQ(parse_expression("  10/0 "), (Request{'/', 10, 0}));
  EXPECT_EQ(parse_expression("-2*-7"), (Request{'*', -2, -7}));
  EXPECT_EQ(parse_expression("3 - -4"), (Request{'-', 3, -4}));
  EXPECT_EQ(parse_expression("5 % 2"), (Request{'%', 5, 2}));  // the server judges the op
  EXPECT_EQ(parse_expression("-2147483648 / -1"), (Request{'/', kMin, -1}));
}

TEST(CalcProtocol, RejectsWhatIsNotAnExpression)
{
  for (const char* text : {"", "3", "3 +", "+ 4", "3 + 4 + 5", "three + 4", "3 + 4x",
                           "2147483648 + 1", "3 4", "1.5 + 2"})
    EXPECT_FALSE(parse_expression(text)) << text;
}

}  // namespace
}  // namespace calc_protocol_test
}  // namespace proactor::calc
