#include "file/file_protocol.hpp"

#include <algorithm>
#include <cerrno>

namespace proactor::file {
namespace {

struct CodeText
{
  ErrorCode code;
  std::string_view name;
  std::string_view description;
};

constexpr CodeText kCodes[] = {
    {ErrorCode::none, "none", "no error"},
    {ErrorCode::malformed, "malformed", "malformed message"},
    {ErrorCode::unknown_type, "unknown_type", "unknown message type"},
    {ErrorCode::invalid_name, "invalid_name", "invalid file name"},
    {ErrorCode::not_found, "not_found", "no such file"},
    {ErrorCode::forbidden, "forbidden", "not a regular file inside the server's root"},
    {ErrorCode::too_large, "too_large", "file larger than the server accepts"},
    {ErrorCode::no_space, "no_space", "no space left on the server's disk"},
    {ErrorCode::io_error, "io_error", "file read or write failed"},
    {ErrorCode::busy, "busy", "another connection is uploading that name"},
    {ErrorCode::checksum_mismatch, "checksum_mismatch",
     "the uploaded bytes do not match the announced SHA-256"},
    {ErrorCode::bad_offset, "bad_offset", "offset past the end of the file"},
    {ErrorCode::unexpected, "unexpected", "message not expected now"},
    {ErrorCode::file_changed, "file_changed", "the file changed while it was being sent"},
};

const CodeText* find(ErrorCode code) noexcept
{
  const auto it = std::find_if(std::begin(kCodes), std::end(kCodes),
                               [code](const CodeText& entry) { return entry.code == code; });
  return it == std::end(kCodes) ? nullptr : it;
}

}  // namespace

std::string_view to_string(ErrorCode code) noexcept
{
  const CodeText* entry = find(code);
  return entry ? entry->name : "unknown";
}

std::string_view describe(ErrorCode code) noexcept
{
  const CodeText* entry = find(code);
  return entry ? entry->description : "unknown error";
}

ErrorCode code_for_errno(int error_number) noexcept
{
  switch (error_number) {
    case ENOSPC:
    case EDQUOT:
      return ErrorCode::no_space;
    case ENOENT:
      return ErrorCode::not_found;
    case ELOOP:
    case EACCES:
    case EPERM:
      return ErrorCode::forbidden;
    default:
      return ErrorCode::io_error;
  }
}

std::string to_hex(const Digest& digest)
{
  constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * digest.size());
  for (const std::uint8_t byte : digest) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 0x0f];
  }
  return hex;
}

}  // namespace proactor::file
