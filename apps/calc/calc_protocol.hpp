#pragma once

#include <proactor/net/bytes.hpp>
#include <proactor/net/packet_writer.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The calculator protocol, sans-io: requests and replies to and from payload bytes, and the
// arithmetic. docs/protocol/calc.md is the specification; this header mirrors it.
namespace proactor::calc {

/// Payload bytes of a request: op (u8), lvalue (i32), rvalue (i32).
inline constexpr std::size_t kRequestSize = 9;
/// Payload bytes of a reply: status (u8), result (i64).
inline constexpr std::size_t kReplySize = 9;

/// The outcome a reply carries. Stable on the wire; never renumber.
enum class Status : std::uint8_t
{
  /// The result is valid.
  ok = 0,
  /// The op was '/' and rvalue was 0; the result is 0.
  division_by_zero = 1,
  /// The op byte is none of '+', '-', '*', '/'; the result is 0.
  unknown_op = 2,
  /// The payload was not exactly kRequestSize bytes; the result is 0.
  malformed_request = 3,
};

/// One calculation to make: `lvalue op rvalue`. `op` is the ASCII byte sent as it is.
struct Request
{
  std::uint8_t op = '+';
  std::int32_t lvalue = 0;
  std::int32_t rvalue = 0;

  friend bool operator==(const Request&, const Request&) = default;
};

/// The answer to one request, in the order the requests came.
struct Reply
{
  Status status = Status::ok;
  /// Computed in 64 bits: no i32 operands overflow it. 0 unless `status` is ok.
  std::int64_t result = 0;

  friend bool operator==(const Reply&, const Reply&) = default;
};

/// Appends the request's payload fields to `writer`.
void write(PacketWriter& writer, const Request& request);
/// Appends the reply's payload fields to `writer`.
void write(PacketWriter& writer, const Reply& reply);

/// Reads a request payload; nullopt unless it is exactly kRequestSize bytes. Any op byte
/// is accepted here: `evaluate` judges it.
std::optional<Request> parse_request(ConstBytes payload) noexcept;
/// Reads a reply payload; nullopt unless it is exactly kReplySize bytes with a known status.
std::optional<Reply> parse_reply(ConstBytes payload) noexcept;

/// Computes `request` in 64 bits (i32 min / -1 included; division truncates toward zero).
Reply evaluate(const Request& request) noexcept;
/// What the server answers to a request payload: its evaluation, or malformed_request.
Reply answer(ConstBytes payload) noexcept;

/// The status as people read it: "ok", "division by zero", "unknown op", "malformed request".
std::string_view to_string(Status status) noexcept;
/// One output line for `reply`: the result ("7"), or "error: " and the status.
std::string format_reply(const Reply& reply);

/// Reads an expression as people write it, "3 + 4" or "-2*7": an i32, an op character,
/// an i32, with optional blanks between and around them. nullopt if it is anything else.
std::optional<Request> parse_expression(std::string_view text) noexcept;

}  // namespace proactor::calc
