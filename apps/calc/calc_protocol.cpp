#include "calc/calc_protocol.hpp"

#include <proactor/net/packet_reader.hpp>

#include <charconv>
#include <system_error>

namespace proactor::calc {
namespace {

bool is_blank(char c) noexcept
{
  return c == ' ' || c == '\t' || c == '\r';
}

void skip_blanks(std::string_view& text) noexcept
{
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
}

// Takes an i32 (optionally signed) from the front of `text`.
bool take_int(std::string_view& text, std::int32_t& out) noexcept
{
  const char* end = text.data() + text.size();
  const auto [last, ec] = std::from_chars(text.data(), end, out);
  if (ec != std::errc{}) return false;
  text.remove_prefix(static_cast<std::size_t>(last - text.data()));
  return true;
}

}  // namespace

void write(PacketWriter& writer, const Request& request)
{
  writer.put_u8(request.op).put_i32(request.lvalue).put_i32(request.rvalue);
}

void write(PacketWriter& writer, const Reply& reply)
{
  writer.put_u8(static_cast<std::uint8_t>(reply.status)).put_i64(reply.result);
}

std::optional<Request> parse_request(ConstBytes payload) noexcept
{
  Request request;
  PacketReader reader(payload);
  if (!reader.get_u8(request.op).get_i32(request.lvalue).get_i32(request.rvalue).expect_end())
    return std::nullopt;
  return request;
}

std::optional<Reply> parse_reply(ConstBytes payload) noexcept
{
  std::uint8_t status = 0;
  Reply reply;
  PacketReader reader(payload);
  if (!reader.get_u8(status).get_i64(reply.result).expect_end()) return std::nullopt;
  if (status > static_cast<std::uint8_t>(Status::malformed_request)) return std::nullopt;
  reply.status = static_cast<Status>(status);
  return reply;
}

Reply evaluate(const Request& request) noexcept
{
  // Widened first: i32 * i32 and i32 min / -1 both fit in i64.
  const std::int64_t l = request.lvalue;
  const std::int64_t r = request.rvalue;
  switch (request.op) {
    case '+':
      return {Status::ok, l + r};
    case '-':
      return {Status::ok, l - r};
    case '*':
      return {Status::ok, l * r};
    case '/':
      if (r == 0) return {Status::division_by_zero, 0};
      return {Status::ok, l / r};
    default:
      return {Status::unknown_op, 0};
  }
}

Reply answer(ConstBytes payload) noexcept
{
  const auto request = parse_request(payload);
  if (!request) return {Status::malformed_request, 0};
  return evaluate(*request);
}

std::string_view to_string(Status status) noexcept
{
  switch (status) {
    case Status::ok:
      return "ok";
    case Status::division_by_zero:
      return "division by zero";
    case Status::unknown_op:
      return "unknown op";
    case Status::malformed_request:
      return "malformed request";
  }
  return "unknown status";
}

std::string format_reply(const Reply& reply)
{
  if (reply.status == Status::ok) return std::to_string(reply.result);
  return "error: " + std::string(to_string(reply.status));
}

std::optional<Request> parse_expression(std::string_view text) noexcept
{
  Request request;
  skip_blanks(text);
  if (!take_int(text, request.lvalue)) return std::nullopt;
  skip_blanks(text);
  if (text.empty()) return std::nullopt;
  const char op = text.front();
  // Any printable character travels; the server says whether it knows the op.
  if (op < '!' || op > '~' || (op >= '0' && op <= '9')) return std::nullopt;
  request.op = static_cast<std::uint8_t>(op);
  text.remove_prefix(1);
  skip_blanks(text);
  if (!take_int(text, request.rvalue)) return std::nullopt;
  skip_blanks(text);
  if (!text.empty()) return std::nullopt;
  return request;
}

}  // namespace proactor::calc
