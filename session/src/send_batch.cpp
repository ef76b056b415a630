#include <proactor/session/send_batch.hpp>

namespace proactor {

namespace {
thread_local SendBatch* installed = nullptr;
}  // namespace

SendBatch* SendBatch::current() noexcept
{
  return installed;
}

SendBatch::Scope::Scope(SendBatch& batch) noexcept
{
  installed = &batch;
}

SendBatch::Scope::~Scope()
{
  installed = nullptr;
}

}  // namespace proactor
