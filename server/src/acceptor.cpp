#include <proactor/server/acceptor.hpp>
#include <proactor/session/endpoint.hpp>
#include <proactor/session/socket_options_apply.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/system/system_error.hpp>

namespace proactor {
namespace {

namespace asio = boost::asio;

// Failures that mean "out of a resource for now": retrying at once would spin.
bool is_resource_exhaustion(const boost::system::error_code& ec)
{
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory || ec == boost::system::errc::too_many_files_open_in_system;
}

}  // namespace

Acceptor::Acceptor(IoPool& pool, const asio::ip::tcp::endpoint& endpoint, int backlog,
                   std::chrono::milliseconds backoff, Metrics& metrics, OnAccept on_accept,
                   const SocketOptions& options)
    : pool_(pool),
      acceptor_(pool.at(0)),
      backoff_timer_(pool.at(0)),
      backoff_(backoff),
      metrics_(metrics),
      on_accept_(std::move(on_accept))
{
  boost::system::error_code ec;
  const auto fail = [&](const char* what) {
    throw boost::system::system_error(
        ec, "cannot listen on " + to_string(endpoint) + " (" + what + ")");
  };
  if (acceptor_.open(endpoint.protocol(), ec)) fail("open");
  // reuse_address (default on) lets a restarted server bind while old connections sit in
  // TIME_WAIT; on Linux it does not allow two live listeners on one port (reuse_port does).
  if ((ec = apply_listener(acceptor_, options))) fail("socket options");
  if (endpoint.address().is_v6() && acceptor_.set_option(asio::ip::v6_only(true), ec))
    fail("v6_only");
  if (acceptor_.bind(endpoint, ec)) fail("bind");
  if (acceptor_.listen(backlog, ec)) fail("listen");
  endpoint_ = acceptor_.local_endpoint(ec);
  if (ec) fail("local_endpoint");
}

void Acceptor::start()
{
  asio::post(acceptor_.get_executor(), [this] { do_accept(); });
}

void Acceptor::close()
{
  asio::post(acceptor_.get_executor(), [this] {
    closed_ = true;
    boost::system::error_code ignored;
    backoff_timer_.cancel();
    // An accept in flight is cancelled and its completion closes the socket: on io_uring the
    // kernel keeps the listening socket, and its port, until that operation has ended.
    if (accepting_)
      acceptor_.cancel(ignored);
    else
      acceptor_.close(ignored);
  });
}

void Acceptor::do_accept()
{
  if (closed_) return;
  accepting_ = true;
  // The socket is created on the next context of the pool: that context owns the session.
  acceptor_.async_accept(pool_.next(), [this](boost::system::error_code ec, TcpSocket socket) {
    on_accept(ec, std::move(socket));
  });
}

void Acceptor::on_accept(boost::system::error_code ec, TcpSocket socket)
{
  accepting_ = false;
  if (closed_) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);  // a connection accepted meanwhile closes with `socket`
    return;
  }
  if (ec == asio::error::operation_aborted) return;
  if (ec) {
    metrics_.accept_errors.fetch_add(1, std::memory_order_relaxed);
    if (is_resource_exhaustion(ec)) {
      backoff_timer_.expires_after(backoff_);
      backoff_timer_.async_wait([this](boost::system::error_code timer_ec) {
        if (!timer_ec) do_accept();
      });
      return;
    }
    return do_accept();  // e.g. the peer reset before we accepted: try the next one
  }
  on_accept_(std::move(socket));
  do_accept();
}

}  // namespace proactor
