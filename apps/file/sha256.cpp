#include "file/sha256.hpp"

#include <openssl/evp.h>
#include <stdexcept>

namespace proactor::file {
namespace {

void check(int ok, const char* what)
{
  if (ok != 1) throw std::runtime_error(std::string("SHA-256: ") + what + " failed");
}

}  // namespace

void Sha256::Free::operator()(evp_md_ctx_st* context) const noexcept
{
  EVP_MD_CTX_free(context);
}

Sha256::Sha256() : context_(EVP_MD_CTX_new())
{
  if (!context_) throw std::runtime_error("SHA-256: out of memory");
  check(EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr), "init");
}

Sha256::Sha256(const Sha256& other) : context_(EVP_MD_CTX_new())
{
  if (!context_) throw std::runtime_error("SHA-256: out of memory");
  check(EVP_MD_CTX_copy_ex(context_.get(), other.context_.get()), "copy");
}

Sha256& Sha256::operator=(const Sha256& other)
{
  if (this != &other) *this = Sha256(other);
  return *this;
}

Sha256::~Sha256() = default;

void Sha256::update(ConstBytes bytes)
{
  check(EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()), "update");
}

Digest Sha256::peek() const
{
  return Sha256(*this).finish();
}

Digest Sha256::finish()
{
  Digest digest{};
  unsigned int length = 0;
  check(EVP_DigestFinal_ex(context_.get(), digest.data(), &length), "final");
  if (length != digest.size()) throw std::runtime_error("SHA-256: unexpected digest length");
  check(EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr), "init");
  return digest;
}

Digest Sha256::of(ConstBytes bytes)
{
  Sha256 hash;
  hash.update(bytes);
  return hash.finish();
}

}  // namespace proactor::file
