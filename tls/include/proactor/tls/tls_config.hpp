#pragma once

#include <string>

namespace proactor::tls {

/// What a TLS endpoint is told: its own certificate and key, and whom it trusts. Plain data;
/// `TlsContext` turns it into an OpenSSL context (and reports what is wrong with it).
struct TlsConfig
{
  /// PEM file with the certificate, then its intermediates. Required for a server; a client
  /// sets it only to present a client certificate.
  std::string cert_chain_file;
  /// PEM file with the private key of `cert_chain_file`.
  std::string private_key_file;
  /// Password of an encrypted `private_key_file` (never asked on a terminal).
  std::string private_key_password;
  /// PEM file of the certificate authorities trusted to sign the peer's certificate. Client:
  /// empty means the system's store. Server: set, it requires clients to present a
  /// certificate signed by one of them (mutual TLS).
  std::string ca_file;
  /// Client: verify the server's certificate chain and its name (the host connected to, or
  /// `TlsTransportOptions::server_name`). Off only for testing (`--insecure`).
  bool verify_peer = true;
};

}  // namespace proactor::tls
