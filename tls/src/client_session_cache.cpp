#include "client_session_cache.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace proactor::tls {
namespace {

void free_cache(void*, void* cache, CRYPTO_EX_DATA*, int, long, void*)
{
  delete static_cast<ClientSessionCache*>(cache);
}

void free_server_name(void*, void* name, CRYPTO_EX_DATA*, int, long, void*)
{
  delete static_cast<std::string*>(name);
}

// Slots of our own: Asio keeps its callbacks in the context's and the stream's app data.
int cache_slot()
{
  static const int slot = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, free_cache);
  return slot;
}

int server_name_slot()
{
  static const int slot = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, free_server_name);
  return slot;
}

}  // namespace

ClientSessionCache& ClientSessionCache::install(SSL_CTX* ctx)
{
  auto cache = std::make_unique<ClientSessionCache>();
  if (cache_slot() < 0 || server_name_slot() < 0 ||
      SSL_CTX_set_ex_data(ctx, cache_slot(), cache.get()) != 1)
    throw std::runtime_error("cannot attach the TLS session cache to its context");
  // Kept by us, per server, not by OpenSSL's own client cache (which it does not look up).
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(ctx, &ClientSessionCache::on_new_session);
  return *cache.release();
}

ClientSessionCache* ClientSessionCache::of(const SSL_CTX* ctx) noexcept
{
  if (cache_slot() < 0) return nullptr;
  return static_cast<ClientSessionCache*>(SSL_CTX_get_ex_data(ctx, cache_slot()));
}

ClientSessionCache::~ClientSessionCache()
{
  for (auto& [server, entry] : sessions_) SSL_SESSION_free(entry.first);
}

void ClientSessionCache::prepare(SSL* ssl, const std::string& server)
{
  auto name = std::make_unique<std::string>(server);
  if (SSL_set_ex_data(ssl, server_name_slot(), name.get()) == 1) name.release();
  SSL_SESSION* session = nullptr;
  {
    const std::lock_guard lock(mutex_);
    const auto it = sessions_.find(server);
    if (it == sessions_.end()) return;
    session = it->second.first;
    SSL_SESSION_up_ref(session);
  }
  // A session the server no longer accepts only costs the full handshake it replaces.
  SSL_set_session(ssl, session);
  SSL_SESSION_free(session);
}

void ClientSessionCache::handshake_done(const SSL* ssl) noexcept
{
  (SSL_session_reused(ssl) ? resumed_ : full_).fetch_add(1, std::memory_order_relaxed);
}

std::size_t ClientSessionCache::size() const
{
  const std::lock_guard lock(mutex_);
  return sessions_.size();
}

int ClientSessionCache::on_new_session(SSL* ssl, SSL_SESSION* session)
{
  ClientSessionCache* cache = of(SSL_get_SSL_CTX(ssl));
  const auto* server = static_cast<const std::string*>(SSL_get_ex_data(ssl, server_name_slot()));
  if (!cache || !server) return 0;  // not ours to keep: OpenSSL frees it
  cache->keep(*server, session);
  return 1;  // we hold the reference now
}

void ClientSessionCache::keep(const std::string& server, SSL_SESSION* session)
{
  SSL_SESSION* replaced = nullptr;
  {
    const std::lock_guard lock(mutex_);
    auto [it, inserted] = sessions_.try_emplace(server, nullptr, 0);
    replaced = it->second.first;
    it->second = {session, next_age_++};
    if (inserted && sessions_.size() > kMaxServers) {
      const auto oldest =
          std::min_element(sessions_.begin(), sessions_.end(),
                           [](auto& a, auto& b) { return a.second.second < b.second.second; });
      replaced = oldest->second.first;
      sessions_.erase(oldest);
    }
  }
  if (replaced) SSL_SESSION_free(replaced);
}

}  // namespace proactor::tls
