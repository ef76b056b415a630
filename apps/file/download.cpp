#include "file/download.hpp"

#include "file/file_io.hpp"
#include "file/file_name.hpp"
#include "file/sha256.hpp"
#include <proactor/net/codec.hpp>

#include <algorithm>
#include <cerrno>
#include <sys/stat.h>
#include <utility>

namespace proactor::file {
namespace {

FileError read_failure(const IoResult& result, std::string_view name)
{
  if (result.error != 0)
    return {ErrorCode::io_error, "cannot read " + quoted(name) + ": " + errno_text(result.error)};
  return {ErrorCode::file_changed, quoted(name) + " shrank while it was being read"};
}

}  // namespace

FileError Download::open(const FileRoot& root, const GetRequest& request, Download& out,
                         GetReady& ready)
{
  Download download;
  download.name_ = request.name;
  if (FileError error = root.open_for_reading(request.name, download.file_)) return error;
  struct stat st
  {};
  if (::fstat(download.file_.get(), &st) != 0) {
    const int error = errno;
    return {ErrorCode::io_error,
            "cannot inspect " + quoted(request.name) + ": " + errno_text(error)};
  }
  download.size_ = static_cast<std::uint64_t>(st.st_size);
  if (request.offset > download.size_)
    return {ErrorCode::bad_offset, "offset " + std::to_string(request.offset) +
                                       " is past the end of " + quoted(request.name) + " (" +
                                       std::to_string(download.size_) + " bytes)"};

  // One pass over the file gives both digests: the prefix's is taken on the way.
  Sha256 hash;
  const int fd = download.file_.get();
  IoResult hashed = hash_range(fd, 0, request.offset, hash);
  if (hashed.error != 0 || hashed.bytes != request.offset)
    return read_failure(hashed, request.name);
  ready.prefix_sha256 = hash.peek();
  hashed = hash_range(fd, request.offset, download.size_, hash);
  if (hashed.error != 0 || hashed.bytes != download.size_ - request.offset)
    return read_failure(hashed, request.name);
  ready.sha256 = hash.finish();
  ready.size = download.size_;

  download.sent_ = download.acked_ = request.offset;
  download.window_ = std::clamp(request.window, kMinWindow, kMaxWindow);
  ready.window = download.window_;
  out = std::move(download);
  return {};
}

FileError Download::pump(Session& session)
{
  while (sent_ < size_ && session.writable()) {
    const std::uint64_t room = window_ - (sent_ - acked_);
    const auto chunk =
        static_cast<std::size_t>(std::min<std::uint64_t>({kMaxChunk, size_ - sent_, room}));
    if (chunk == 0) return {};  // the window is full; an ack reopens it
    Buffer payload = start_data(MessageType::download_data, sent_, chunk);
    const IoResult read = read_at(file_.get(), payload.prepare(chunk), sent_);
    if (read.error != 0 || read.bytes != chunk) return read_failure(read, name_);
    payload.commit(chunk);
    session.send(encode(session.codec(), std::move(payload)));
    sent_ += chunk;
  }
  return {};
}

FileError Download::acknowledge(std::uint64_t received)
{
  if (received > sent_)
    return {ErrorCode::unexpected, "acknowledgement of byte " + std::to_string(received) +
                                       ", but only " + std::to_string(sent_) + " were sent"};
  acked_ = std::max(acked_, received);
  return {};
}

}  // namespace proactor::file
