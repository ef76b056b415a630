#pragma once

#include "file/file_message.hpp"
#include "file/file_root.hpp"
#include "file/unique_fd.hpp"
#include <proactor/session/session.hpp>

#include <cstdint>

namespace proactor::file {

/// The server's side of one download: the open file and the window of bytes sent but not yet
/// acknowledged. Sends only while the window has room and the session is writable, so the
/// bytes a download holds in memory stay below the window whatever the client does.
///
/// Blocking file reads; runs on the session's handler thread (a logic thread in the server
/// program). Not thread safe; one owner, the connection.
class Download
{
 public:
  /// Opens `request.name` under `root` and hashes it: the whole file for `ready.sha256`, and
  /// its first `request.offset` bytes for `ready.prefix_sha256`. Fails with the root's
  /// errors, `bad_offset`, or `io_error`/`file_changed` when reading fails.
  static FileError open(const FileRoot& root, const GetRequest& request, Download& out,
                        GetReady& ready);

  /// An empty download, to be filled by `open`.
  Download() = default;

  /// Sends data messages on `session` while the window has room, the session is writable
  /// and bytes are left. A read failure, or a file that ends early, fails with `io_error`
  /// or `file_changed`.
  FileError pump(Session& session);

  /// Records the client's acknowledgement of its first `received` bytes; more than were sent
  /// is `unexpected`.
  FileError acknowledge(std::uint64_t received);

  /// True once every byte has been handed to the session.
  bool sent_all() const noexcept { return sent_ == size_; }

 private:
  UniqueFd file_;
  std::string name_;
  std::uint64_t size_ = 0;
  std::uint64_t sent_ = 0;
  std::uint64_t acked_ = 0;
  std::uint32_t window_ = kDefaultWindow;
};

}  // namespace proactor::file
