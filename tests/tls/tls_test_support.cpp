#include "tls_test_support.hpp"

#include "deadline_io.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/system_error.hpp>

#include <array>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>

namespace proactor::test {
namespace {

namespace asio = boost::asio;

}  // namespace

const std::string& cert_dir()
{
  static const std::string dir = [] {
    const std::string path = PROACTOR_TEST_CERT_DIR;
    if (!std::filesystem::exists(path + "/server.pem")) {
      const std::string command = std::string(PROACTOR_MAKE_TEST_CERTS) + " " + path;
      if (std::system(command.c_str()) != 0)
        throw std::runtime_error("cannot make test certificates: " + command);
    }
    return path;
  }();
  return dir;
}

std::string cert_path(std::string_view name)
{
  return cert_dir() + "/" + std::string(name);
}

tls::TlsConfig server_tls_config()
{
  tls::TlsConfig config;
  config.cert_chain_file = cert_path("server.pem");
  config.private_key_file = cert_path("server.key");
  return config;
}

tls::TlsConfig client_tls_config(std::string_view ca)
{
  tls::TlsConfig config;
  config.ca_file = cert_path(ca);
  return config;
}

ClientThread::ClientThread() : work_(io_.get_executor()), thread_([this] { io_.run(); })
{}

ClientThread::~ClientThread()
{
  // Sessions still open are destroyed with the context, after the thread is gone.
  work_.reset();
  io_.stop();
  thread_.join();
}

boost::system::error_code ClientThread::connect(const ConnectOptions& options,
                                                std::shared_ptr<Dispatcher> dispatcher)
{
  // The handler may run after a timed-out wait returned: it owns what it touches.
  auto state = std::make_shared<std::pair<std::mutex, std::optional<boost::system::error_code>>>();
  auto cv = std::make_shared<std::condition_variable>();
  async_connect(io_, options, std::move(dispatcher),
                [state, cv](boost::system::error_code ec, SessionPtr) {
                  std::lock_guard lock(state->first);
                  state->second = ec;
                  cv->notify_all();
                });
  std::unique_lock lock(state->first);
  if (!cv->wait_for(lock, kDeadline, [&] { return state->second.has_value(); }))
    return asio::error::timed_out;
  return *state->second;
}

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
