#pragma once

#include "file/file_protocol.hpp"
#include <proactor/net/bytes.hpp>

#include <memory>

// OpenSSL's types stay out of every header but this one's .cpp.
struct evp_md_ctx_st;

namespace proactor::file {

/// An incremental SHA-256 over OpenSSL's EVP interface (which picks the CPU's SHA
/// instructions where there are any):
///
///     Sha256 hash;
///     hash.update(chunk1);
///     hash.update(chunk2);
///     const Digest digest = hash.finish();
///
/// Copyable, so that the digest of a prefix can be taken while hashing goes on. Throws
/// std::runtime_error only if OpenSSL fails, which it does not for SHA-256 short of memory.
/// Not thread safe; one owner.
class Sha256
{
 public:
  /// Starts an empty hash.
  Sha256();
  /// Continues from `other`'s state.
  Sha256(const Sha256& other);
  /// Continues from `other`'s state.
  Sha256& operator=(const Sha256& other);
  Sha256(Sha256&&) noexcept = default;
  Sha256& operator=(Sha256&&) noexcept = default;
  ~Sha256();

  /// Hashes `bytes` after everything hashed so far.
  void update(ConstBytes bytes);
  /// The digest of everything hashed so far, leaving this hash unchanged.
  Digest peek() const;
  /// The digest of everything hashed so far; then the hash starts over, empty.
  Digest finish();

  /// The digest of `bytes` alone.
  static Digest of(ConstBytes bytes);

 private:
  struct Free
  {
    void operator()(evp_md_ctx_st* context) const noexcept;
  };
  std::unique_ptr<evp_md_ctx_st, Free> context_;
};

}  // namespace proactor::file
