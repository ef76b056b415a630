#include "client_session_cache.hpp"
#include <proactor/net/error.hpp>
#include <proactor/session/endpoint.hpp>
#include <proactor/session/transport.hpp>
#include <proactor/tls/tls_session.hpp>
#include <proactor/tls/tls_transport.hpp>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <iostream>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <string>

namespace proactor::tls {
namespace {

namespace asio = boost::asio;

void log_to_stderr(std::string_view line)
{
  std::clog << line << std::endl;
}

// One connection's handshake: the stream, a deadline that ends it, and what the
// session will be made of. Its pending operations own it.
class HandshakeOp : public std::enable_shared_from_this<HandshakeOp>
{
 public:
  HandshakeOp(TcpSocket socket, const TlsContext& context, const TlsTransportOptions& options,
              Transport::Side side, Transport::Parts parts, Transport::Admit admit,
              Transport::Done done)
      : stream_(std::move(socket), context.native()),
        timer_(stream_.get_executor()),
        verify_(context.verifies_peer()),
        options_(options),
        side_(side),
        peer_(peer_address()),
        // Weak while the handshake is pending: an operation that a stopped server's context
        // never completes must not keep that context alive from inside its own queue.
        keepalive_(parts.keepalive),
        had_keepalive_(parts.keepalive != nullptr),
        parts_(std::move(parts)),
        admit_(std::move(admit)),
        done_(std::move(done))
  {
    parts_.keepalive.reset();
  }

  void start()
  {
    if (side_ == Transport::Side::client) {
      const std::string& name =
          options_.server_name.empty() ? parts_.peer_name : options_.server_name;
      SSL* ssl = stream_.native_handle();
      boost::system::error_code not_ip;
      asio::ip::make_address(name, not_ip);
      // SNI carries host names only (RFC 6066). OpenSSL's own name check (rather than a
      // verify callback) leaves "hostname mismatch" in the verify result for the log.
      if (not_ip) {
        // SSL_set_tlsext_host_name without its C cast.
        SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(name.c_str()));
        if (verify_) SSL_set1_host(ssl, name.c_str());
      } else if (verify_) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str());
      }
      // Keyed by the name verified and the address connected to: a session is offered only
      // to the server it came from.
      if (auto* cache = ClientSessionCache::of(SSL_get_SSL_CTX(ssl)))
        cache->prepare(ssl, name + " " + peer_);
    }
    timer_.expires_after(options_.handshake_timeout);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->finished_) return;
      self->timed_out_ = true;
      // Cancel and shut down rather than close: the handshake's read is still in the kernel
      // on a completion backend (IOCP, io_uring), and its completion closes the socket in
      // fail(). The shutdown ends at once any read or write the handshake starts meanwhile.
      boost::system::error_code ignored;
      auto& socket = self->stream_.lowest_layer();
      socket.cancel(ignored);
      socket.shutdown(TcpSocket::shutdown_both, ignored);
    });
    stream_.async_handshake(
        side_ == Transport::Side::client ? asio::ssl::stream_base::client
                                         : asio::ssl::stream_base::server,
        [self = shared_from_this()](boost::system::error_code ec) { self->on_handshake(ec); });
  }

 private:
  std::string peer_address() const
  {
    boost::system::error_code ec;
    const auto endpoint = stream_.lowest_layer().remote_endpoint(ec);
    return ec ? std::string("unknown peer") : to_string(endpoint);
  }

  void on_handshake(boost::system::error_code ec)
  {
    finished_ = true;
    timer_.cancel();
    if (timed_out_) ec = error::handshake_timeout;
    if (ec) return fail(ec);
    SSL* ssl = stream_.native_handle();
    if (side_ == Transport::Side::client)
      if (auto* cache = ClientSessionCache::of(SSL_get_SSL_CTX(ssl))) cache->handshake_done(ssl);
    auto keepalive = keepalive_.lock();
    if (had_keepalive_ && !keepalive) return;  // its owner is gone; the socket closes with us
    auto session = std::make_shared<TlsSession>(
        std::move(stream_), parts_.id, std::move(parts_.config), std::move(parts_.dispatcher),
        parts_.counters, std::move(keepalive));
    if (admit_ && !admit_(session)) return;
    session->start();
    if (done_) done_({}, std::move(session));
  }

  void fail(boost::system::error_code ec)
  {
    std::string line = "tls: handshake with " + peer_ + " failed: " + ec.message();
    // The chain's own complaint ("unable to get local issuer certificate", "certificate has
    // expired", a name mismatch) says more than "certificate verify failed".
    const long verify = SSL_get_verify_result(stream_.native_handle());
    if (verify != X509_V_OK && ec != error::handshake_timeout)
      line += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
    (options_.log ? options_.log : log_to_stderr)(line);
    boost::system::error_code ignored;
    stream_.lowest_layer().close(ignored);
    if (done_) done_(ec, nullptr);
  }

  TlsStream stream_;
  asio::steady_timer timer_;
  bool verify_;
  TlsTransportOptions options_;  // a copy: the transport may be gone before the handshake ends
  Transport::Side side_;
  std::string peer_;
  std::weak_ptr<void> keepalive_;
  bool had_keepalive_;
  Transport::Parts parts_;
  Transport::Admit admit_;
  Transport::Done done_;
  bool finished_ = false;
  bool timed_out_ = false;
};

class TlsTransport final : public Transport
{
 public:
  TlsTransport(TlsContext context, TlsTransportOptions options)
      : context_(std::move(context)), options_(std::move(options))
  {}

  void open(TcpSocket socket, Side side, Parts parts, Admit admit, Done done) const override
  {
    std::make_shared<HandshakeOp>(std::move(socket), context_, options_, side, std::move(parts),
                                  std::move(admit), std::move(done))
        ->start();
  }

 private:
  TlsContext context_;
  TlsTransportOptions options_;
};

}  // namespace

std::shared_ptr<const Transport> make_transport(TlsContext context, TlsTransportOptions options)
{
  return std::make_shared<TlsTransport>(std::move(context), std::move(options));
}

}  // namespace proactor::tls
