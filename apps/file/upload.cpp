#include "file/upload.hpp"

#include "file/file_io.hpp"
#include "file/file_name.hpp"
#include "file/progress.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <utility>

namespace proactor::file {
namespace {

// A failed write or sync of the partial: the disk's fault, never the name's.
ErrorCode write_code(int error_number)
{
  const ErrorCode code = code_for_errno(error_number);
  return code == ErrorCode::no_space ? code : ErrorCode::io_error;
}

}  // namespace

Upload::Upload(PartialFile partial, UploadClaims::Claim claim, PutRequest request,
               std::uint32_t window)
    : partial_(std::move(partial)),
      claim_(std::move(claim)),
      request_(std::move(request)),
      window_(window)
{}

FileError Upload::begin()
{
  const int fd = partial_.file.get();
  struct stat st
  {};
  if (::fstat(fd, &st) != 0) {
    const int error = errno;
    return {ErrorCode::io_error,
            "cannot inspect the partial upload of " + quoted(name()) + ": " + errno_text(error)};
  }
  const auto kept = static_cast<std::uint64_t>(st.st_size);
  bool keep = (request_.flags & kPutRestart) == 0 && kept <= request_.size;
  if (keep && kept > 0) {
    const IoResult hashed = hash_range(fd, 0, kept, hash_);
    if (hashed.error != 0 || hashed.bytes != kept)
      return {ErrorCode::io_error, "cannot read the partial upload of " + quoted(name()) + ": " +
                                       errno_text(hashed.error != 0 ? hashed.error : EIO)};
    // All bytes present but another digest: an old upload of something else.
    if (kept == request_.size && hash_.peek() != request_.sha256) keep = false;
  }
  if (!keep && kept > 0) {
    if (FileError error = restart()) return error;
  }
  offset_ = received_ = acked_ = keep ? kept : 0;
  prefix_ = hash_.peek();

  // Reserving the blocks now turns a full disk into an answer before any byte is sent. Where
  // the file system cannot reserve, its free-space figure has to do.
  const std::uint64_t needed = request_.size - received_;
  if (needed == 0) return {};
  int reserved = ::fallocate(fd, FALLOC_FL_KEEP_SIZE, static_cast<off_t>(received_),
                             static_cast<off_t>(needed));
  if (reserved != 0) reserved = errno;
  struct statvfs fs
  {};
  const bool full =
      reserved == ENOSPC || reserved == EDQUOT ||
      (reserved != 0 && ::fstatvfs(fd, &fs) == 0 &&
       needed > static_cast<std::uint64_t>(fs.f_bavail) * static_cast<std::uint64_t>(fs.f_frsize));
  if (!full) return {};
  if (received_ == 0) FileRoot::discard(partial_);
  return {ErrorCode::no_space,
          "not enough space for " + quoted(name()) + ": it needs " + format_size(needed) + " more"};
}

FileError Upload::restart()
{
  if (::ftruncate(partial_.file.get(), 0) != 0) {
    const int error = errno;
    return {write_code(error),
            "cannot empty the partial upload of " + quoted(name()) + ": " + errno_text(error)};
  }
  hash_ = Sha256();
  return {};
}

PutReady Upload::ready() const
{
  return PutReady{.offset = offset_, .window = window_, .prefix_sha256 = prefix_};
}

FileError Upload::write(const DataChunk& chunk)
{
  if (chunk.offset != received_)
    return {ErrorCode::unexpected, "data for " + quoted(name()) + " at byte " +
                                       std::to_string(chunk.offset) + ", expected byte " +
                                       std::to_string(received_)};
  if (chunk.bytes.size() > request_.size - received_)
    return {ErrorCode::unexpected, "data for " + quoted(name()) + " past its announced size of " +
                                       std::to_string(request_.size) + " bytes"};
  if (const int error = write_at(partial_.file.get(), chunk.bytes, received_))
    return {write_code(error), "cannot write " + quoted(name()) + " at byte " +
                                   std::to_string(received_) + ": " + errno_text(error) +
                                   "; the partial upload is kept for a resume"};
  hash_.update(chunk.bytes);
  received_ += chunk.bytes.size();
  return {};
}

std::optional<std::uint64_t> Upload::take_ack()
{
  if (complete() || received_ - acked_ < window_ / 4) return std::nullopt;
  acked_ = received_;
  return received_;
}

FileError Upload::finish(PutDone& done)
{
  const Digest digest = hash_.finish();
  if (digest != request_.sha256) {
    FileRoot::discard(partial_);
    return {ErrorCode::checksum_mismatch, "the bytes received for " + quoted(name()) + " hash to " +
                                              to_hex(digest) + ", not to the announced " +
                                              to_hex(request_.sha256) +
                                              "; the partial upload was removed"};
  }
  if (::fsync(partial_.file.get()) != 0) {
    const int error = errno;
    return {write_code(error), "cannot sync " + quoted(name()) + ": " + errno_text(error) +
                                   "; the partial upload is kept for a resume"};
  }
  if (FileError error = FileRoot::commit(partial_, name())) return error;
  done.sha256 = digest;
  return {};
}

}  // namespace proactor::file
