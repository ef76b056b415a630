#pragma once

#include "file/file_message.hpp"
#include "file/file_protocol.hpp"
#include "file/unique_fd.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace proactor::file {

/// Why a file operation was refused: a protocol error code and a sentence for people that
/// names the file ("no such file: 'a/b.bin'"). `code == none` means success.
struct FileError
{
  ErrorCode code = ErrorCode::none;
  std::string text;

  /// True when this is a failure.
  explicit operator bool() const noexcept { return code != ErrorCode::none; }
};

/// The partial file of an upload, opened inside its directory.
struct PartialFile
{
  /// The directory that holds the partial and, once complete, the file.
  UniqueFd directory;
  /// The file's last name component ("b.bin" for "a/b.bin").
  std::string base;
  /// The partial, open for reading and writing.
  UniqueFd file;
};

/// The directory a server serves, and the jail around it. Every name is checked with
/// `name_problem` and then walked one component at a time from the root's descriptor with
/// O_NOFOLLOW, so no name reaches outside the root: not with "..", not as an absolute path,
/// and not through a symbolic link anywhere on the way (a link is refused, whether it points
/// inside or outside). Holding each directory's descriptor also means that swapping a
/// directory for a link halfway cannot redirect the walk. Hard links cannot be told apart
/// from files and are served as they are.
///
/// Thread safe: the root descriptor never changes, and every call works on its own
/// descriptors.
class FileRoot
{
 public:
  /// Opens `path` as the root. Throws std::system_error when it is not a directory that can
  /// be opened.
  explicit FileRoot(const std::string& path);

  /// Opens the regular file `name` for reading into `out`. Fails with invalid_name,
  /// not_found, forbidden (a link on the way, not a regular file) or io_error.
  FileError open_for_reading(std::string_view name, UniqueFd& out) const;

  /// Opens (creating it and missing directories) the partial file of `name` for an upload.
  /// Fails with invalid_name, forbidden (a link on the way, or `name` exists and is not a
  /// regular file), not_found or io_error. The partial keeps its bytes from earlier
  /// attempts.
  FileError open_partial(std::string_view name, PartialFile& out) const;

  /// Moves a complete partial over its file's name and syncs the directory.
  static FileError commit(const PartialFile& partial, std::string_view name);
  /// Removes a partial that cannot be kept. Best effort.
  static void discard(const PartialFile& partial);

  /// Every regular file under the root with its size, sorted by name; at most `max_entries`.
  /// Skips links, partial files, names the protocol could not ask for, and directories
  /// that cannot be read.
  std::vector<ListEntry> list(std::size_t max_entries) const;

 private:
  FileError open_directory(std::string_view name, const std::vector<std::string_view>& dirs,
                           bool create, UniqueFd& out) const;

  UniqueFd root_;
};

}  // namespace proactor::file
