#pragma once

#include <proactor/tls/tls_config.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>

namespace boost::asio::ssl {
class context;
}

namespace proactor::tls {

/// An OpenSSL context built from a `TlsConfig`, in the one place that knows the defaults:
/// TLS 1.2 at least, 1.3 preferred, no renegotiation, no compression, OpenSSL's default
/// ciphers. Cheap to copy (shared); immutable once built, so any thread may use it.
class TlsContext
{
 public:
  /// A server context: loads the chain and key (and the CA file, requiring client
  /// certificates, when set). Throws `std::runtime_error` with one readable line: a missing
  /// or unreadable file, a file that holds no certificate or key, a wrong password, a key
  /// that does not match the certificate. Any thread.
  static TlsContext server(const TlsConfig& config);
  /// A client context: trusts `ca_file` (or the system's store) and verifies the server
  /// unless `verify_peer` is false; presents `cert_chain_file` if set. Throws as `server`.
  static TlsContext client(const TlsConfig& config);

  /// The Asio context, for making streams. Any thread.
  boost::asio::ssl::context& native() const noexcept { return *context_; }
  /// True when the peer's certificate is verified (and, on a client, its name). Any thread.
  bool verifies_peer() const noexcept { return verify_peer_; }

  /// A client context keeps the session each server last gave it (a TLS 1.3 ticket), so a
  /// reconnect to that server resumes: no certificate chain, no signature. Handshakes of
  /// this context's streams that resumed; 0 for a server context. Any thread.
  std::uint64_t resumed_handshakes() const noexcept;
  /// Client handshakes of this context that ran in full. Any thread.
  std::uint64_t full_handshakes() const noexcept;
  /// Servers this client context holds a session for (at most 1024). Any thread.
  std::size_t remembered_servers() const;

 private:
  TlsContext(std::shared_ptr<boost::asio::ssl::context> context, bool verify_peer) noexcept
      : context_(std::move(context)), verify_peer_(verify_peer)
  {}

  std::shared_ptr<boost::asio::ssl::context> context_;
  bool verify_peer_;
};

}  // namespace proactor::tls
