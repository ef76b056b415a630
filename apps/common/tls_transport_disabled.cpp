// The transports behind the TLS flags in a build without TLS (PROACTOR_TLS=OFF, e.g. the
// Windows cross build, which has no OpenSSL): plain TCP works, asking for TLS is one clear
// error. The flags stay registered, so --help and the flag rules are the same everywhere.
#include "common/tls_flags.hpp"

#include <stdexcept>

namespace proactor::apps {
namespace {

[[noreturn]] void no_tls()
{
  throw std::runtime_error("this build has no TLS (built with PROACTOR_TLS=OFF)");
}

}  // namespace

std::shared_ptr<const Transport> make_server_transport(const ServerTlsFlags& tls,
                                                       const std::string&)
{
  if (tls.cert.empty() && tls.key.empty() && tls.ca.empty()) return nullptr;
  no_tls();
}

std::shared_ptr<const Transport> make_client_transport(const ClientTlsFlags& tls,
                                                       const std::string&,
                                                       std::chrono::milliseconds)
{
  if (!tls.tls) {
    if (!tls.ca.empty() || tls.insecure)
      throw std::runtime_error("--tls-ca and --insecure need --tls");
    return nullptr;
  }
  no_tls();
}

}  // namespace proactor::apps
