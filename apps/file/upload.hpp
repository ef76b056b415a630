#pragma once

#include "file/file_message.hpp"
#include "file/file_root.hpp"
#include "file/sha256.hpp"
#include "file/upload_claims.hpp"

#include <cstdint>
#include <optional>

namespace proactor::file {

/// The server's side of one upload: the partial file, the running hash over every byte of
/// the file (a kept prefix included), and the acknowledgements owed to the sender.
///
/// Blocking file I/O; runs on the session's handler thread (a logic thread in the server
/// program). Not thread safe; one owner, the connection.
class Upload
{
 public:
  /// Takes over the opened partial and the claim on `request.name` for `request`.
  Upload(PartialFile partial, UploadClaims::Claim claim, PutRequest request, std::uint32_t window);

  /// Decides where the upload starts and gets ready to receive. Keeps the partial's bytes
  /// unless `kPutRestart` was asked for, or they cannot belong to the announced file (more
  /// bytes than announced, or all of them with another digest); hashes the kept bytes; then
  /// checks that the disk has room for the rest. A failure removes a partial that holds no
  /// bytes and keeps one that does.
  FileError begin();

  /// The `put_ready` answer: the offset to send from, the window and the prefix's digest.
  /// After a successful `begin`.
  PutReady ready() const;

  /// Writes `chunk`, which must start at the next byte and stay within the announced size
  /// (else `unexpected`). A failed write reports `no_space` or `io_error`; the partial keeps
  /// every byte written before it.
  FileError write(const DataChunk& chunk);

  /// The bytes to acknowledge when an ack is due (a quarter window since the last one);
  /// else nullopt. Not due once complete: `finish` answers then.
  std::optional<std::uint64_t> take_ack();

  /// True once every announced byte has been written.
  bool complete() const noexcept { return received_ == request_.size; }

  /// After the last byte: compares the digest with the announced one, syncs the file and
  /// moves it to its name. A mismatch removes the partial (its bytes are not the file's).
  FileError finish(PutDone& done);

  /// The name being uploaded.
  const std::string& name() const noexcept { return request_.name; }

 private:
  FileError restart();

  PartialFile partial_;
  UploadClaims::Claim claim_;
  PutRequest request_;
  std::uint32_t window_;
  Sha256 hash_;
  Digest prefix_{};
  std::uint64_t offset_ = 0;    // where this attempt started
  std::uint64_t received_ = 0;  // bytes of the file in the partial
  std::uint64_t acked_ = 0;
};

}  // namespace proactor::file
