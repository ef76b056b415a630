#include "file/upload_claims.hpp"

#include <utility>

namespace proactor::file {

UploadClaims::Claim::Claim(UploadClaims& owner, std::string name)
    : owner_(&owner), name_(std::move(name))
{}

UploadClaims::Claim::Claim(Claim&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), name_(std::move(other.name_))
{}

UploadClaims::Claim& UploadClaims::Claim::operator=(Claim&& other) noexcept
{
  if (this != &other) {
    release();
    owner_ = std::exchange(other.owner_, nullptr);
    name_ = std::move(other.name_);
  }
  return *this;
}

UploadClaims::Claim::~Claim()
{
  release();
}

void UploadClaims::Claim::release() noexcept
{
  if (!owner_) return;
  const std::lock_guard lock(owner_->mutex_);
  owner_->names_.erase(name_);
  owner_ = nullptr;
}

std::optional<UploadClaims::Claim> UploadClaims::try_claim(std::string_view name)
{
  const std::lock_guard lock(mutex_);
  if (!names_.emplace(name).second) return std::nullopt;
  return Claim(*this, std::string(name));
}

std::size_t UploadClaims::size() const
{
  const std::lock_guard lock(mutex_);
  return names_.size();
}

}  // namespace proactor::file
