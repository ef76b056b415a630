// The transports behind the TLS flags, over proactor::tls (OpenSSL). A build without TLS
// (PROACTOR_TLS=OFF) uses tls_transport_disabled.cpp instead.
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

}  // namespace proactor::apps
