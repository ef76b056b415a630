#include "loopback_client.hpp"

#include "deadline_io.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/system_error.hpp>

#include <array>
#include <stdexcept>

namespace proactor::test {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

}  // namespace

template <class Start>
bool LoopbackClient::run_op(Start&& start, std::chrono::milliseconds timeout)
{
  return DeadlineIo(io_, socket_).run(std::forward<Start>(start), timeout);
}

LoopbackClient::LoopbackClient(std::uint16_t port, std::string_view host,
                               std::chrono::milliseconds timeout)
    : socket_(io_)
{
  const tcp::endpoint endpoint(asio::ip::make_address(std::string(host)), port);
  boost::system::error_code result = asio::error::timed_out;
  run_op(
      [&](bool& done) {
        socket_.async_connect(endpoint, [&](boost::system::error_code ec) {
          result = ec;
          done = true;
        });
      },
      timeout);
  if (result) throw boost::system::system_error(result, "test client connect");
  socket_.set_option(tcp::no_delay(true));
}

bool LoopbackClient::write(std::string_view bytes, std::chrono::milliseconds timeout)
{
  return DeadlineIo(io_, socket_).write(bytes, timeout);
}

bool LoopbackClient::write_frame(std::string_view payload, std::chrono::milliseconds timeout)
{
  return write(encode_frame(payload), timeout);
}

std::optional<std::string> LoopbackClient::read_exact(std::size_t n,
                                                      std::chrono::milliseconds timeout)
{
  return DeadlineIo(io_, socket_).read_exact(n, timeout);
}

std::optional<std::string> LoopbackClient::read_frame(std::chrono::milliseconds timeout)
{
  return DeadlineIo(io_, socket_).read_frame(timeout);
}

Ending LoopbackClient::expect_closed(std::chrono::milliseconds timeout)
{
  std::array<char, 4096> scratch{};
  boost::system::error_code result = asio::error::timed_out;
  std::size_t got = 0;
  run_op(
      [&](bool& done) {
        socket_.async_read_some(asio::buffer(scratch),
                                [&](boost::system::error_code ec, std::size_t n) {
                                  result = ec;
                                  got = n;
                                  done = true;
                                });
      },
      timeout);
  if (result == asio::error::eof) return Ending::eof;
  if (result == asio::error::timed_out || result == asio::error::operation_aborted)
    return Ending::timeout;
  if (result) return Ending::reset;
  return got > 0 ? Ending::data : Ending::timeout;
}

Ending LoopbackClient::read_until_closed(std::chrono::milliseconds timeout)
{
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds::zero()) return Ending::data;
    const auto ending = expect_closed(left);
    if (ending != Ending::data) return ending;
  }
}

void LoopbackClient::shutdown_send()
{
  socket_.shutdown(tcp::socket::shutdown_send);
}

void LoopbackClient::reset()
{
  boost::system::error_code ignored;
  socket_.set_option(asio::socket_base::linger(true, 0), ignored);
  socket_.close(ignored);
}

void LoopbackClient::close()
{
  boost::system::error_code ignored;
  socket_.close(ignored);
}

void LoopbackClient::set_receive_buffer(int bytes)
{
  socket_.set_option(asio::socket_base::receive_buffer_size(bytes));
}

std::uint16_t LoopbackClient::local_port() const
{
  return socket_.local_endpoint().port();
}

std::string encode_frame(std::string_view payload)
{
  const auto n = static_cast<std::uint32_t>(payload.size());
  std::string out;
  out.reserve(4 + payload.size());
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((n >> shift) & 0xff));
  out.append(payload);
  return out;
}

std::uint16_t unused_port()
{
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  return acceptor.local_endpoint().port();
}

}  // namespace proactor::test
