#pragma once

#include "file/file_protocol.hpp"
#include "file/file_root.hpp"
#include "file/upload_claims.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

namespace proactor::file {

/// What every connection of one file server shares: the root, the names being uploaded and
/// the limits. Thread safe: the limits are set before the server starts and never change,
/// and the root and the claims are thread safe themselves.
struct FileService
{
  /// Serves the directory `root_path` (throws std::system_error if it cannot be opened).
  explicit FileService(const std::string& root_path) : root(root_path) {}

  /// The directory served, and the jail around it.
  FileRoot root;
  /// The names being uploaded now.
  UploadClaims claims;
  /// Uploads announcing more bytes than this are refused (`too_large`).
  std::uint64_t max_size = std::numeric_limits<std::uint64_t>::max();
  /// The window granted to uploads.
  std::uint32_t window = kDefaultWindow;
  /// Most files one listing reports.
  std::size_t max_list_entries = 1'000'000;
};

}  // namespace proactor::file
