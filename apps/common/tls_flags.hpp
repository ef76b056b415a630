#pragma once

#include "common/flag_parser.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace proactor {
class Transport;
}

namespace proactor::apps {

/// A server's TLS flags: `--tls-cert FILE --tls-key FILE [--tls-ca FILE]`.
struct ServerTlsFlags
{
  /// `--tls-cert`: PEM certificate chain; set, the server speaks TLS only.
  std::string cert;
  /// `--tls-key`: PEM private key of `cert`.
  std::string key;
  /// `--tls-ca`: require client certificates signed by these CAs (mutual TLS).
  std::string ca;
};

/// A client's TLS flags: `--tls [--tls-ca FILE] [--insecure]`.
struct ClientTlsFlags
{
  /// `--tls`: connect over TLS, verifying the server's certificate and name.
  bool tls = false;
  /// `--tls-ca`: trust these CAs instead of the system's.
  std::string ca;
  /// `--insecure`: skip verification (testing only).
  bool insecure = false;
};

/// Registers `--tls-cert`, `--tls-key`, `--tls-ca` writing into `tls`.
void add_server_tls_flags(FlagParser& flags, ServerTlsFlags& tls);
/// Registers `--tls`, `--tls-ca`, `--insecure` writing into `tls`.
void add_client_tls_flags(FlagParser& flags, ClientTlsFlags& tls);

/// The server transport the flags ask for: null for plain TCP. Failed handshakes are logged
/// as one stderr line starting with `program`. Throws `std::runtime_error` with one readable
/// line for an incomplete set of flags or an unusable file.
std::shared_ptr<const Transport> make_server_transport(const ServerTlsFlags& tls,
                                                       const std::string& program);
/// The client transport the flags ask for: null for plain TCP; the handshake must finish
/// within `timeout`. Logs and throws as above.
std::shared_ptr<const Transport> make_client_transport(const ClientTlsFlags& tls,
                                                       const std::string& program,
                                                       std::chrono::milliseconds timeout);

/// A client's step after parsing: sets `transport` from `tls` (the handshake bounded by
/// `timeout`, the client's `--timeout`), or prints one line ("PROGRAM: reason") to stderr
/// and returns the exit code (1).
[[nodiscard]] std::optional<int> apply_client_tls_flags(
    const std::string& program, const ClientTlsFlags& tls, std::chrono::milliseconds timeout,
    std::shared_ptr<const Transport>& transport);

}  // namespace proactor::apps
