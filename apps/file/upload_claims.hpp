#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace proactor::file {

/// The names being uploaded right now, so that two connections never write one partial file
/// at once: the second is answered `busy`. Thread safe (the server's logic threads share it).
class UploadClaims
{
 public:
  /// Holds one name until it is destroyed. Move-only.
  class Claim
  {
   public:
    Claim(Claim&& other) noexcept;
    Claim& operator=(Claim&& other) noexcept;
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    /// Releases the name. Any thread.
    ~Claim();

   private:
    friend class UploadClaims;
    Claim(UploadClaims& owner, std::string name);
    void release() noexcept;

    UploadClaims* owner_;
    std::string name_;
  };

  /// Claims `name`; nullopt while another claim holds it. Any thread.
  std::optional<Claim> try_claim(std::string_view name);
  /// How many names are claimed now. Any thread.
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::set<std::string, std::less<>> names_;
};

}  // namespace proactor::file
