// TlsContext: one readable line for each way a certificate setup can be wrong.
#include "tls_test_support.hpp"
#include <proactor/tls/tls_context.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>
#include <string>

namespace proactor::tls {
namespace tls_context_test {  // a unity build puts several test files in one unit
namespace {

using test::cert_path;

// The message of what `make` throws; empty if it does not throw.
template <class Make>
std::string error_of(Make&& make)
{
  try {
    make();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return {};
}

TEST(TlsContext, LoadsTheTestCertificates)
{
  EXPECT_NO_THROW(TlsContext::server(test::server_tls_config()));
  EXPECT_NO_THROW(TlsContext::client(test::client_tls_config()));
  EXPECT_TRUE(TlsContext::client(test::client_tls_config()).verifies_peer());
  EXPECT_FALSE(TlsContext::server(test::server_tls_config()).verifies_peer());
}

TEST(TlsContext, NamesAMissingCertificateFile)
{
  auto config = test::server_tls_config();
  config.cert_chain_file = cert_path("no-such.pem");
  const auto message = error_of([&] { TlsContext::server(config); });
  EXPECT_NE(message.find("cannot read certificate chain"), std::string::npos) << message;
  EXPECT_NE(message.find("no-such.pem"), std::string::npos) << message;
  EXPECT_NE(message.find("No such file"), std::string::npos) << message;
}

TEST(TlsContext, NamesAFileThatHoldsNoCertificate)
{
  const std::string junk = cert_path("junk.pem");
  std::ofstream(junk) << "this is not a certificate\n";
  auto config = test::server_tls_config();
  config.cert_chain_file = junk;
  const auto message = error_of([&] { TlsContext::server(config); });
  EXPECT_NE(message.find("no usable certificate in '" + junk + "'"), std::string::npos) << message;
}

TEST(TlsContext, NamesAMissingKeyFile)
{
  auto config = test::server_tls_config();
  config.private_key_file = cert_path("no-such.key");
  const auto message = error_of([&] { TlsContext::server(config); });
  EXPECT_NE(message.find("cannot read private key"), std::string::npos) << message;
}

TEST(TlsContext, RejectsAKeyThatDoesNotMatchTheCertificate)
{
  auto config = test::server_tls_config();
  config.private_key_file = cert_path("client.key");
  const auto message = error_of([&] { TlsContext::server(config); });
  EXPECT_NE(message.find("does not match the certificate"), std::string::npos) << message;
}

TEST(TlsContext, RejectsAWrongOrMissingPassword)
{
  auto config = test::server_tls_config();
  config.private_key_file = cert_path("server-encrypted.key");
  config.private_key_password = "not the password";
  const auto wrong = error_of([&] { TlsContext::server(config); });
  EXPECT_NE(wrong.find("wrong or missing password"), std::string::npos) << wrong;
  config.private_key_password.clear();
  const auto missing = error_of([&] { TlsContext::server(config); });
  EXPECT_NE(missing.find("wrong or missing password"), std::string::npos) << missing;
  config.private_key_password = "test-password";
  EXPECT_NO_THROW(TlsContext::server(config));
}

TEST(TlsContext, NamesAMissingCaFile)
{
  const auto message =
      error_of([&] { TlsContext::client(test::client_tls_config("no-such-ca.pem")); });
  EXPECT_NE(message.find("cannot read CA file"), std::string::npos) << message;
}

TEST(TlsContext, AnInsecureClientNeedsNoCa)
{
  TlsConfig config;
  config.verify_peer = false;
  EXPECT_FALSE(TlsContext::client(config).verifies_peer());
}

}  // namespace
}  // namespace tls_context_test
}  // namespace proactor::tls
