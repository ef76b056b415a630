#pragma once

#include "file/file_protocol.hpp"
#include <proactor/net/buffer.hpp>
#include <proactor/net/bytes.hpp>
#include <proactor/net/codec.hpp>
#include <proactor/net/frame.hpp>
#include <proactor/net/length_prefix_codec.hpp>
#include <proactor/net/packet_writer.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

// The messages of the file transfer protocol as values, and their payload encoding
// (docs/protocol/file.md). Sans-io: bytes in, values out, and back.
namespace proactor::file {

/// `put`: announces an upload of `size` bytes hashing to `sha256`, to be stored as `name`.
struct PutRequest
{
  std::string name;        ///< where to store it, relative to the root
  std::uint64_t size = 0;  ///< the file's size in bytes
  Digest sha256{};         ///< the whole file's digest
  std::uint8_t flags = 0;  ///< kPutRestart, or 0
  bool operator==(const PutRequest&) const = default;
};

/// `get`: asks for the file `name` from byte `offset` on; the server keeps at most `window`
/// bytes sent and not acknowledged.
struct GetRequest
{
  std::string name;                       ///< the file, relative to the root
  std::uint64_t offset = 0;               ///< the first byte wanted (a partial's size)
  std::uint32_t window = kDefaultWindow;  ///< most bytes in flight the client allows
  bool operator==(const GetRequest&) const = default;
};

/// `list`: asks for every regular file under the root with its size.
struct ListRequest
{
  bool operator==(const ListRequest&) const = default;
};

/// `upload_data` / `download_data`: file bytes starting at `offset`. `bytes` views the
/// payload it was parsed from and is valid only as long as that payload.
struct DataChunk
{
  std::uint64_t offset = 0;  ///< where `bytes` start in the file
  ConstBytes bytes;          ///< at most kMaxChunk file bytes
  /// Same offset and same bytes (compared by value, not by address).
  bool operator==(const DataChunk& other) const;
};

/// `download_ack` / `upload_ack`: the receiver holds the file's first `received` bytes.
struct Ack
{
  std::uint64_t received = 0;  ///< bytes held, counted from the file's first byte
  bool operator==(const Ack&) const = default;
};

/// `put_ready`: the upload may start at `offset` (the size of a partial kept from an earlier
/// attempt, else 0); `prefix_sha256` hashes the server's bytes before it.
struct PutReady
{
  std::uint64_t offset = 0;               ///< the first byte to send
  std::uint32_t window = kDefaultWindow;  ///< most bytes in flight the server allows
  Digest prefix_sha256{};                 ///< digest of the file's bytes before `offset`
  bool operator==(const PutReady&) const = default;
};

/// `put_done`: the file is stored under its name; `sha256` is what the server computed.
struct PutDone
{
  Digest sha256{};  ///< the digest of the stored file
  bool operator==(const PutDone&) const = default;
};

/// `get_ready`: the file has `size` bytes hashing to `sha256`; `prefix_sha256` hashes its
/// bytes before the requested offset. Data follows from that offset, within `window` (the
/// requested window, clamped by the server).
struct GetReady
{
  std::uint64_t size = 0;                 ///< the file's size in bytes
  std::uint32_t window = kDefaultWindow;  ///< the window the server keeps to
  Digest sha256{};                        ///< the whole file's digest
  Digest prefix_sha256{};                 ///< digest of the bytes before the offset asked for
  bool operator==(const GetReady&) const = default;
};

/// One file in a listing.
struct ListEntry
{
  std::string name;        ///< relative to the root, '/' between components
  std::uint64_t size = 0;  ///< in bytes
  bool operator==(const ListEntry&) const = default;
};

/// `list_entries`: part of a listing; `last` marks its final message.
struct ListEntries
{
  bool last = true;                ///< no list_entries follows this one
  std::vector<ListEntry> entries;  ///< this message's share of the files, in order
  bool operator==(const ListEntries&) const = default;
};

/// `error`: what went wrong with the request whose type byte is `request`.
struct ErrorEvent
{
  ErrorCode code = ErrorCode::none;  ///< what went wrong, for programs
  std::uint8_t request = 0;          ///< the failed request's type byte
  std::string text;                  ///< what went wrong, for people
  bool operator==(const ErrorEvent&) const = default;
};

/// Any message a client sends.
using Request = std::variant<PutRequest, GetRequest, ListRequest, DataChunk, Ack>;
/// Any message a server sends.
using Event = std::variant<PutReady, Ack, PutDone, GetReady, DataChunk, ListEntries, ErrorEvent>;

/// The type byte that starts `request` on the wire. Any thread.
MessageType type_of(const Request& request) noexcept;
/// The type byte that starts `event` on the wire. Any thread.
MessageType type_of(const Event& event) noexcept;

/// Appends `request` (type byte, then its fields) to `writer`; throws std::length_error
/// when the name exceeds 65535 bytes. Any thread.
void write(PacketWriter& writer, const Request& request);
/// Appends `event` to `writer`; throws std::length_error when a string exceeds 65535
/// bytes. Any thread.
void write(PacketWriter& writer, const Event& event);
/// Encodes `request` as one frame of `codec`. Any thread.
Frame encode(const Request& request, const Codec& codec = LengthPrefixCodec{});
/// Encodes `event` as one frame of `codec`. Any thread.
Frame encode(const Event& event, const Codec& codec = LengthPrefixCodec{});

/// A payload buffer holding the header of a data message of `type` (`upload_data` or
/// `download_data`) at `offset`, with room for `chunk` file bytes after it: read the file
/// straight into `prepare(chunk)`, `commit` what was read, then frame it with `encode`.
/// Saves a copy of every file byte. Any thread.
Buffer start_data(MessageType type, std::uint64_t offset, std::size_t chunk);

/// Parses one request payload into `out`: `none`, `malformed` or `unknown_type`. `out` is
/// unspecified after an error; a parsed DataChunk views `payload`. Any thread.
ErrorCode parse(ConstBytes payload, Request& out);
/// Parses one event payload into `out`, as `parse` does requests. Any thread.
ErrorCode parse(ConstBytes payload, Event& out);

/// Bytes one entry takes in a `list_entries` payload. Any thread.
std::size_t wire_size(const ListEntry& entry) noexcept;

}  // namespace proactor::file
