#include "tls_test_client.hpp"

#include "deadline_io.hpp"

#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/system/system_error.hpp>

#include <array>

namespace proactor::test {

namespace asio = boost::asio;

template <class Start>
bool TlsTestClient::run_op(Start&& start, std::chrono::milliseconds timeout)
{
  return DeadlineIo(io_, stream_).run(std::forward<Start>(start), timeout);
}

TlsTestClient::TlsTestClient(std::uint16_t port, const tls::TlsContext& context)
    : stream_(TcpSocket(io_), context.native())
{
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  boost::system::error_code result = asio::error::timed_out;
  run_op(
      [&](bool& done) {
        stream_.lowest_layer().async_connect(endpoint, [&](boost::system::error_code ec) {
          result = ec;
          done = true;
        });
      },
      kDeadline);
  if (result) throw boost::system::system_error(result, "test client connect");
}

boost::system::error_code TlsTestClient::handshake(std::string_view server_name,
                                                   std::chrono::milliseconds timeout)
{
  const std::string name(server_name);
  SSL_ctrl(stream_.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
           const_cast<char*>(name.c_str()));
  stream_.set_verify_callback(asio::ssl::host_name_verification(name));
  boost::system::error_code result = asio::error::timed_out;
  run_op(
      [&](bool& done) {
        stream_.async_handshake(asio::ssl::stream_base::client, [&](boost::system::error_code ec) {
          result = ec;
          done = true;
        });
      },
      timeout);
  return result;
}

bool TlsTestClient::write(std::string_view bytes, std::chrono::milliseconds timeout)
{
  return DeadlineIo(io_, stream_).write(bytes, timeout);
}

bool TlsTestClient::write_frame(std::string_view payload, std::chrono::milliseconds timeout)
{
  return write(encode_frame(payload), timeout);
}

std::optional<std::string> TlsTestClient::read_frame(std::chrono::milliseconds timeout)
{
  return DeadlineIo(io_, stream_).read_frame(timeout);
}

TlsEnding TlsTestClient::expect_closed(std::chrono::milliseconds timeout)
{
  std::array<char, 4096> scratch{};
  boost::system::error_code result = asio::error::timed_out;
  run_op(
      [&](bool& done) {
        stream_.async_read_some(asio::buffer(scratch),
                                [&](boost::system::error_code ec, std::size_t) {
                                  result = ec;
                                  done = true;
                                });
      },
      timeout);
  if (!result) return TlsEnding::data;
  if (result == asio::error::eof) return TlsEnding::close_notify;
  if (result == asio::ssl::error::stream_truncated) return TlsEnding::truncated;
  if (result == asio::error::timed_out || result == asio::error::operation_aborted)
    return TlsEnding::timeout;
  return TlsEnding::error;
}

boost::system::error_code TlsTestClient::shutdown(std::chrono::milliseconds timeout)
{
  boost::system::error_code result = asio::error::timed_out;
  run_op(
      [&](bool& done) {
        stream_.async_shutdown([&](boost::system::error_code ec) {
          result = ec;
          done = true;
        });
      },
      timeout);
  return result;
}

void TlsTestClient::vanish()
{
  boost::system::error_code ignored;
  stream_.lowest_layer().close(ignored);
}

void TlsTestClient::set_receive_buffer(int bytes)
{
  stream_.lowest_layer().set_option(asio::socket_base::receive_buffer_size(bytes));
}

}  // namespace proactor::test
