#include "client_session_cache.hpp"
#include <proactor/tls/tls_context.hpp>

#include <boost/asio/ssl/context.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <stdexcept>
#include <string>

namespace proactor::tls {
namespace {

namespace ssl = boost::asio::ssl;

[[noreturn]] void fail(const std::string& what)
{
  throw std::runtime_error(what);
}

// The most specific reason OpenSSL queued, then an empty queue for the next call.
std::string openssl_reason()
{
  const unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  const char* reason = ERR_reason_error_string(code);
  return reason ? reason : "OpenSSL error " + std::to_string(code);
}

struct FileCloser
{
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

// Opened here first, so that a missing or unreadable file says so in the system's words
// instead of OpenSSL's "no such file" buried in a PEM error.
File open_readable(const std::string& path, const char* what)
{
  if (path.empty()) fail(std::string("no ") + what + " file given");
  File file(std::fopen(path.c_str(), "rb"));
  if (!file) fail(std::string("cannot read ") + what + " '" + path + "': " + std::strerror(errno));
  return file;
}

// Hands OpenSSL the configured password (possibly empty) instead of letting it prompt on
// the terminal, which would hang a server started by a script.
int give_password(char* buffer, int size, int, void* user)
{
  const auto& password = *static_cast<const std::string*>(user);
  const auto length = static_cast<int>(password.size());
  if (length > size) return -1;
  std::memcpy(buffer, password.data(), password.size());
  return length;
}

bool is_encrypted_pem(std::FILE* file)
{
  std::rewind(file);
  std::string head(4096, '\0');
  head.resize(std::fread(head.data(), 1, head.size(), file));
  return head.find("ENCRYPTED") != std::string::npos;
}

void use_certificate_and_key(SSL_CTX* ctx, const TlsConfig& config)
{
  open_readable(config.cert_chain_file, "certificate chain");
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(ctx, config.cert_chain_file.c_str()) != 1)
    fail("no usable certificate in '" + config.cert_chain_file + "': " + openssl_reason());

  const File key_file = open_readable(config.private_key_file, "private key");
  ERR_clear_error();
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_PrivateKey(key_file.get(), nullptr, give_password,
                          const_cast<std::string*>(&config.private_key_password)),
      &EVP_PKEY_free);
  if (!key) {
    const std::string reason = openssl_reason();
    // OpenSSL words a wrong password after the cipher that failed ("pkcs12 cipherfinal
    // error", "bad decrypt"); the PEM header says plainly whether a password was needed.
    if (is_encrypted_pem(key_file.get()))
      fail("cannot decrypt private key '" + config.private_key_file +
           "': wrong or missing password");
    fail("no usable private key in '" + config.private_key_file + "': " + reason);
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    fail("private key '" + config.private_key_file + "' does not match the certificate in '" +
         config.cert_chain_file + "'");
  }
}

void trust_ca_file(SSL_CTX* ctx, const std::string& ca_file)
{
  open_readable(ca_file, "CA file");
  ERR_clear_error();
  if (SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr) != 1)
    fail("no usable CA certificate in '" + ca_file + "': " + openssl_reason());
}

std::shared_ptr<ssl::context> make_context(ssl::context::method method)
{
  auto context = std::make_shared<ssl::context>(method);
  SSL_CTX* ctx = context->native_handle();
  // TLS 1.0/1.1 are deprecated (RFC 8996); 1.3 is negotiated whenever both sides have it.
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  // No renegotiation (a cheap way to make a server do expensive work) and no compression
  // (CRIME).
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  return context;
}

}  // namespace

TlsContext TlsContext::server(const TlsConfig& config)
{
  auto context = make_context(ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  use_certificate_and_key(ctx, config);
  const bool verify_clients = !config.ca_file.empty();
  if (verify_clients) {
    trust_ca_file(ctx, config.ca_file);
    context->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  }
  // Resuming a session of a verified client needs a context the session is bound to;
  // without one OpenSSL refuses the resumption with "session id context uninitialized".
  static constexpr unsigned char kSessionContext[] = "proactor";
  SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof kSessionContext - 1);
  return TlsContext(std::move(context), verify_clients);
}

TlsContext TlsContext::client(const TlsConfig& config)
{
  auto context = make_context(ssl::context::tls_client);
  SSL_CTX* ctx = context->native_handle();
  if (!config.cert_chain_file.empty()) use_certificate_and_key(ctx, config);
  if (config.verify_peer) {
    if (!config.ca_file.empty()) {
      trust_ca_file(ctx, config.ca_file);
    } else if (SSL_CTX_set_default_verify_paths(ctx) != 1) {
      fail("cannot load the system's CA certificates: " + openssl_reason());
    }
    context->set_verify_mode(ssl::verify_peer);
  } else {
    context->set_verify_mode(ssl::verify_none);
  }
  ClientSessionCache::install(ctx);
  return TlsContext(std::move(context), config.verify_peer);
}

std::uint64_t TlsContext::resumed_handshakes() const noexcept
{
  const ClientSessionCache* cache = ClientSessionCache::of(context_->native_handle());
  return cache ? cache->resumed() : 0;
}

std::uint64_t TlsContext::full_handshakes() const noexcept
{
  const ClientSessionCache* cache = ClientSessionCache::of(context_->native_handle());
  return cache ? cache->full() : 0;
}

std::size_t TlsContext::remembered_servers() const
{
  const ClientSessionCache* cache = ClientSessionCache::of(context_->native_handle());
  return cache ? cache->size() : 0;
}

}  // namespace proactor::tls
