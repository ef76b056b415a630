#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// The file transfer protocol's vocabulary: message type bytes, error codes, limits and the
// digest type. docs/protocol/file.md is the specification; this header mirrors it.
namespace proactor::file {

/// Most file bytes one data message carries. Senders never exceed it; receivers accept it.
inline constexpr std::size_t kMaxChunk = 64 * 1024;
/// Payload bytes in front of a data message's file bytes: type (u8) and offset (u64).
inline constexpr std::size_t kDataHeaderSize = 1 + 8;
/// The largest data payload, which a peer's frame limit must admit.
inline constexpr std::size_t kMaxDataPayload = kDataHeaderSize + kMaxChunk;
/// The window a receiver grants when it has no reason to choose another: the most file
/// bytes the sender may have sent and not yet seen acknowledged.
inline constexpr std::uint32_t kDefaultWindow = 2 * 1024 * 1024;
/// Bounds a server applies to the window a downloading client asks for. The upper bound
/// stays below a session's high watermark, so a download never makes its session unwritable.
inline constexpr std::uint32_t kMinWindow = kMaxChunk;
inline constexpr std::uint32_t kMaxWindow = 2 * 1024 * 1024;
/// Bytes both programs ask of the kernel per socket read: four chunks' worth (not part of
/// the protocol; a tuning both ends share).
inline constexpr std::size_t kReadChunk = 4 * (kMaxDataPayload + 4);
/// Longest remote name in bytes, and longest component of it.
inline constexpr std::size_t kMaxNameLength = 1024;
inline constexpr std::size_t kMaxComponentLength = 255;
/// The suffix of the partial files uploads are written to; refused in names.
inline constexpr std::string_view kPartialSuffix = ".part";
/// `put` flag: discard any partial upload and start at byte 0.
inline constexpr std::uint8_t kPutRestart = 0x01;

/// A SHA-256 digest.
using Digest = std::array<std::uint8_t, 32>;

/// The first byte of every payload: what the rest of it holds. Requests (client to server)
/// are 0x01..0x7f, events (server to client) 0x81..0xff.
enum class MessageType : std::uint8_t
{
  put = 0x01,
  get = 0x02,
  list = 0x03,
  upload_data = 0x04,
  download_ack = 0x05,

  put_ready = 0x81,
  upload_ack = 0x82,
  put_done = 0x83,
  get_ready = 0x84,
  download_data = 0x85,
  list_entries = 0x86,
  error = 0x8f,
};

/// The numeric code of an error event. Stable on the wire; never renumber.
enum class ErrorCode : std::uint16_t
{
  /// Not an error (never sent).
  none = 0,
  /// The payload was empty, too short for its fields, or had bytes left over.
  malformed = 1,
  /// The type byte names no request.
  unknown_type = 2,
  /// The name is empty, absolute, has an empty, "." or ".." component, a control
  /// character or a backslash, is too long, or ends in ".part".
  invalid_name = 3,
  /// No file (or a missing directory on the way) has that name.
  not_found = 4,
  /// The name leads through a symbolic link, or to something that is not a regular file.
  forbidden = 5,
  /// The announced size exceeds the server's --max-size.
  too_large = 6,
  /// The disk has no room for the file (announced up front, or hit while writing).
  no_space = 7,
  /// Reading or writing a file failed for another reason; the text says which.
  io_error = 8,
  /// Another connection is uploading the same name right now.
  busy = 9,
  /// The uploaded bytes do not hash to the announced digest; the partial file was removed.
  checksum_mismatch = 10,
  /// A get asked to start past the end of the file.
  bad_offset = 11,
  /// The message does not fit the connection's state (data without a transfer, a request
  /// during a transfer, a data offset other than the next byte, bytes past the size).
  unexpected = 12,
  /// The file shrank while it was being sent.
  file_changed = 13,
};

/// The error's stable lowercase name ("not_found"), or "unknown". Any thread.
std::string_view to_string(ErrorCode code) noexcept;

/// A sentence describing `code` for people ("no such file"). Any thread.
std::string_view describe(ErrorCode code) noexcept;

/// The code that reports a failed file operation's `errno`: `no_space` for ENOSPC and
/// EDQUOT, `not_found` for ENOENT, `forbidden` for ELOOP, EACCES and EPERM, else `io_error`
/// (EIO, EFBIG, ...). Any thread.
ErrorCode code_for_errno(int error_number) noexcept;

/// `digest` as 64 lowercase hex digits. Any thread.
std::string to_hex(const Digest& digest);

}  // namespace proactor::file
