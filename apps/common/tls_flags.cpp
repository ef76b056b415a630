#include "common/tls_flags.hpp"

#include <iostream>

namespace proactor::apps {

void add_server_tls_flags(FlagParser& flags, ServerTlsFlags& tls)
{
  flags.add_string("tls-cert", tls.cert, "FILE",
                   "serve TLS with this PEM certificate chain (needs --tls-key)");
  flags.add_string("tls-key", tls.key, "FILE", "PEM private key of --tls-cert");
  flags.add_string("tls-ca", tls.ca, "FILE",
                   "require client certificates signed by these PEM CAs (mutual TLS)");
}

void add_client_tls_flags(FlagParser& flags, ClientTlsFlags& tls)
{
  flags.add_flag("tls", tls.tls, "connect over TLS, verifying the server's certificate and name");
  flags.add_string("tls-ca", tls.ca, "FILE", "trust these PEM CAs instead of the system's");
  flags.add_flag("insecure", tls.insecure, "with --tls: do not verify the server (testing only)");
}

std::optional<int> apply_client_tls_flags(const std::string& program, const ClientTlsFlags& tls,
                                          std::chrono::milliseconds timeout,
                                          std::shared_ptr<const Transport>& transport)
{
  try {
    transport = make_client_transport(tls, program, timeout);
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << std::endl;
    return 1;
  }
  return std::nullopt;
}

}  // namespace proactor::apps
