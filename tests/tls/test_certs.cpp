#include "test_certs.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace proactor::test {

const std::string& cert_dir()
{
  static const std::string dir = [] {
    std::string path = PROACTOR_TEST_CERT_DIR;
    // Appends rather than operator+: g++ 12 at -O2 warns (-Warray-bounds, a false positive)
    // about temporaries of concatenated literals here.
    std::string marker = path;
    marker.append("/server.pem");
    if (!std::ifstream(marker).good()) {
      std::string command = PROACTOR_MAKE_TEST_CERTS;
      command.append(" ").append(path);
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

}  // namespace proactor::test
