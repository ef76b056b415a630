#pragma once

// The throw-away certificates of scripts/make-test-certs.sh, made at test time.

#include <proactor/tls/tls_config.hpp>

#include <string>
#include <string_view>

namespace proactor::test {

/// Where scripts/make-test-certs.sh put the certificates (the ctest fixture `tls_certs`
/// makes them; run directly, the first call makes them). Throws if it cannot.
const std::string& cert_dir();
/// `cert_dir()/name`.
std::string cert_path(std::string_view name);

/// The test server's config: localhost certificate and key.
tls::TlsConfig server_tls_config();
/// A client config trusting `ca` ("ca.pem" by default) from the test certificates.
tls::TlsConfig client_tls_config(std::string_view ca = "ca.pem");

}  // namespace proactor::test
