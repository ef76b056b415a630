#include "common/tls_flags.hpp"

#include <proactor/tls/tls_context.hpp>
#include <proactor/tls/tls_transport.hpp>

#include <iostream>
#include <stdexcept>

namespace proactor::apps {
namespace {

tls::TlsTransportOptions transport_options(const std::string& program)
{
  tls::TlsTransportOptions options;
  options.log = [program](std::string_view line) {
    std::cerr << program << ": " << line << std::endl;
  };
  return options;
}

}  // namespace

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

std::shared_ptr<const Transport> make_server_transport(const ServerTlsFlags& tls,
                                                       const std::string& program)
{
  if (tls.cert.empty() && tls.key.empty() && tls.ca.empty()) return nullptr;
  if (tls.cert.empty() || tls.key.empty())
    throw std::runtime_error("TLS needs both --tls-cert and --tls-key");
  tls::TlsConfig config;
  config.cert_chain_file = tls.cert;
  config.private_key_file = tls.key;
  config.ca_file = tls.ca;
  return tls::make_transport(tls::TlsContext::server(config), transport_options(program));
}

std::shared_ptr<const Transport> make_client_transport(const ClientTlsFlags& tls,
                                                       const std::string& program,
                                                       std::chrono::milliseconds timeout)
{
  if (!tls.tls) {
    if (!tls.ca.empty() || tls.insecure)
      throw std::runtime_error("--tls-ca and --insecure need --tls");
    return nullptr;
  }
  if (tls.insecure && !tls.ca.empty())
    throw std::runtime_error("--insecure and --tls-ca contradict each other");
  tls::TlsConfig config;
  config.ca_file = tls.ca;
  config.verify_peer = !tls.insecure;
  auto options = transport_options(program);
  options.handshake_timeout = timeout;
  return tls::make_transport(tls::TlsContext::client(config), std::move(options));
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
