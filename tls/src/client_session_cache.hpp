#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <openssl/ssl.h>
#include <string>

namespace proactor::tls {

/// The sessions (TLS 1.3 tickets, TLS 1.2 session ids) a client context received, one per
/// server, so that a reconnect resumes instead of running the full handshake again: no
/// certificate chain to send and verify, no signature. Owned by its `SSL_CTX` (freed with
/// it), so streams that outlive their `TlsContext` still find it. Bounded; thread safe.
class ClientSessionCache
{
 public:
  /// Servers remembered at most; a new one beyond that replaces the oldest.
  static constexpr std::size_t kMaxServers = 1024;

  /// Creates the cache of client context `ctx` and has OpenSSL hand it new sessions.
  static ClientSessionCache& install(SSL_CTX* ctx);
  /// The cache of `ctx`, or null (a server context).
  static ClientSessionCache* of(const SSL_CTX* ctx) noexcept;

  ClientSessionCache() = default;
  ~ClientSessionCache();
  ClientSessionCache(const ClientSessionCache&) = delete;
  ClientSessionCache& operator=(const ClientSessionCache&) = delete;

  /// Before a client handshake: offers the session remembered for `server` (if any) and
  /// files what `ssl` receives later under `server`.
  void prepare(SSL* ssl, const std::string& server);
  /// After a client handshake: counts it as resumed or full.
  void handshake_done(const SSL* ssl) noexcept;

  /// Handshakes that resumed a remembered session.
  std::uint64_t resumed() const noexcept { return resumed_.load(std::memory_order_relaxed); }
  /// Handshakes that ran in full.
  std::uint64_t full() const noexcept { return full_.load(std::memory_order_relaxed); }
  /// Servers with a remembered session.
  std::size_t size() const;

 private:
  static int on_new_session(SSL* ssl, SSL_SESSION* session);
  void keep(const std::string& server, SSL_SESSION* session);

  mutable std::mutex mutex_;
  std::map<std::string, std::pair<SSL_SESSION*, std::uint64_t>> sessions_;  // session, age
  std::uint64_t next_age_ = 0;
  std::atomic<std::uint64_t> resumed_{0};
  std::atomic<std::uint64_t> full_{0};
};

}  // namespace proactor::tls
