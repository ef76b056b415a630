#include "file/file_message.hpp"

#include <proactor/net/packet_reader.hpp>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <utility>

namespace proactor::file {
namespace {

void put_digest(PacketWriter& w, const Digest& digest)
{
  w.put_bytes(std::as_bytes(std::span(digest)));
}

void get_digest(PacketReader& r, Digest& out)
{
  ConstBytes bytes;
  if (r.get_bytes(out.size(), bytes)) std::memcpy(out.data(), bytes.data(), out.size());
}

// ---- fields, one overload per message -------------------------------------------------------

void write_fields(PacketWriter& w, const PutRequest& m)
{
  w.put_string(m.name).put_u64(m.size);
  put_digest(w, m.sha256);
  w.put_u8(m.flags);
}
void write_fields(PacketWriter& w, const GetRequest& m)
{
  w.put_string(m.name).put_u64(m.offset).put_u32(m.window);
}
void write_fields(PacketWriter&, const ListRequest&)
{}
void write_fields(PacketWriter& w, const DataChunk& m)
{
  w.put_u64(m.offset).put_bytes(m.bytes);
}
void write_fields(PacketWriter& w, const Ack& m)
{
  w.put_u64(m.received);
}
void write_fields(PacketWriter& w, const PutReady& m)
{
  w.put_u64(m.offset).put_u32(m.window);
  put_digest(w, m.prefix_sha256);
}
void write_fields(PacketWriter& w, const PutDone& m)
{
  put_digest(w, m.sha256);
}
void write_fields(PacketWriter& w, const GetReady& m)
{
  w.put_u64(m.size).put_u32(m.window);
  put_digest(w, m.sha256);
  put_digest(w, m.prefix_sha256);
}
void write_fields(PacketWriter& w, const ListEntries& m)
{
  if (m.entries.size() > std::numeric_limits<std::uint16_t>::max())
    throw std::length_error("list_entries: more than 65535 entries");
  w.put_u8(m.last ? 1 : 0).put_u16(static_cast<std::uint16_t>(m.entries.size()));
  for (const ListEntry& entry : m.entries) w.put_string(entry.name).put_u64(entry.size);
}
void write_fields(PacketWriter& w, const ErrorEvent& m)
{
  w.put_u16(static_cast<std::uint16_t>(m.code)).put_u8(m.request).put_string(m.text);
}

// Each returns false when a field holds a value the protocol does not allow; the reader
// records short payloads itself.
bool read_fields(PacketReader& r, PutRequest& m)
{
  r.get_string(m.name).get_u64(m.size);
  get_digest(r, m.sha256);
  r.get_u8(m.flags);
  return (m.flags & ~kPutRestart) == 0;
}
bool read_fields(PacketReader& r, GetRequest& m)
{
  r.get_string(m.name).get_u64(m.offset).get_u32(m.window);
  return true;
}
bool read_fields(PacketReader&, ListRequest&)
{
  return true;
}
bool read_fields(PacketReader& r, DataChunk& m)
{
  r.get_u64(m.offset);
  r.get_bytes(r.remaining(), m.bytes);
  return m.bytes.size() <= kMaxChunk;
}
bool read_fields(PacketReader& r, Ack& m)
{
  r.get_u64(m.received);
  return true;
}
bool read_fields(PacketReader& r, PutReady& m)
{
  r.get_u64(m.offset).get_u32(m.window);
  get_digest(r, m.prefix_sha256);
  return true;
}
bool read_fields(PacketReader& r, PutDone& m)
{
  get_digest(r, m.sha256);
  return true;
}
bool read_fields(PacketReader& r, GetReady& m)
{
  r.get_u64(m.size).get_u32(m.window);
  get_digest(r, m.sha256);
  get_digest(r, m.prefix_sha256);
  return true;
}
bool read_fields(PacketReader& r, ListEntries& m)
{
  std::uint8_t last = 0;
  std::uint16_t count = 0;
  r.get_u8(last).get_u16(count);
  // Each entry takes at least 10 bytes: a count larger than that cannot be honest.
  if (!r || last > 1 || count > r.remaining() / 10) return false;
  m.last = last == 1;
  m.entries.resize(count);
  for (ListEntry& entry : m.entries) r.get_string(entry.name).get_u64(entry.size);
  return true;
}
bool read_fields(PacketReader& r, ErrorEvent& m)
{
  std::uint16_t code = 0;
  r.get_u16(code).get_u8(m.request).get_string(m.text);
  m.code = static_cast<ErrorCode>(code);
  return true;
}

template <class T, class Message>
ErrorCode read_as(PacketReader& reader, Message& out)
{
  T message;
  const bool valid = read_fields(reader, message);
  if (!reader.expect_end() || !valid) return ErrorCode::malformed;
  out = std::move(message);
  return ErrorCode::none;
}

template <class Message>
void write_message(PacketWriter& writer, const Message& message)
{
  writer.put_u8(static_cast<std::uint8_t>(type_of(message)));
  std::visit([&writer](const auto& m) { write_fields(writer, m); }, message);
}

}  // namespace

bool DataChunk::operator==(const DataChunk& other) const
{
  return offset == other.offset && std::ranges::equal(bytes, other.bytes);
}

MessageType type_of(const Request& request) noexcept
{
  constexpr MessageType kTypes[] = {MessageType::put, MessageType::get, MessageType::list,
                                    MessageType::upload_data, MessageType::download_ack};
  static_assert(std::size(kTypes) == std::variant_size_v<Request>);
  return kTypes[request.index()];
}

MessageType type_of(const Event& event) noexcept
{
  constexpr MessageType kTypes[] = {
      MessageType::put_ready, MessageType::upload_ack,    MessageType::put_done,
      MessageType::get_ready, MessageType::download_data, MessageType::list_entries,
      MessageType::error,
  };
  static_assert(std::size(kTypes) == std::variant_size_v<Event>);
  return kTypes[event.index()];
}

void write(PacketWriter& writer, const Request& request)
{
  write_message(writer, request);
}

void write(PacketWriter& writer, const Event& event)
{
  write_message(writer, event);
}

Frame encode(const Request& request, const Codec& codec)
{
  PacketWriter writer;
  write(writer, request);
  return std::move(writer).to_frame(codec);
}

Frame encode(const Event& event, const Codec& codec)
{
  PacketWriter writer;
  write(writer, event);
  return std::move(writer).to_frame(codec);
}

Buffer start_data(MessageType type, std::uint64_t offset, std::size_t chunk)
{
  PacketWriter writer(kDataHeaderSize + chunk);
  writer.put_u8(static_cast<std::uint8_t>(type)).put_u64(offset);
  return std::move(writer).take();
}

ErrorCode parse(ConstBytes payload, Request& out)
{
  PacketReader reader(payload);
  std::uint8_t type = 0;
  if (!reader.get_u8(type)) return ErrorCode::malformed;
  switch (static_cast<MessageType>(type)) {
    case MessageType::put:
      return read_as<PutRequest>(reader, out);
    case MessageType::get:
      return read_as<GetRequest>(reader, out);
    case MessageType::list:
      return read_as<ListRequest>(reader, out);
    case MessageType::upload_data:
      return read_as<DataChunk>(reader, out);
    case MessageType::download_ack:
      return read_as<Ack>(reader, out);
    default:
      return ErrorCode::unknown_type;
  }
}

ErrorCode parse(ConstBytes payload, Event& out)
{
  PacketReader reader(payload);
  std::uint8_t type = 0;
  if (!reader.get_u8(type)) return ErrorCode::malformed;
  switch (static_cast<MessageType>(type)) {
    case MessageType::put_ready:
      return read_as<PutReady>(reader, out);
    case MessageType::upload_ack:
      return read_as<Ack>(reader, out);
    case MessageType::put_done:
      return read_as<PutDone>(reader, out);
    case MessageType::get_ready:
      return read_as<GetReady>(reader, out);
    case MessageType::download_data:
      return read_as<DataChunk>(reader, out);
    case MessageType::list_entries:
      return read_as<ListEntries>(reader, out);
    case MessageType::error:
      return read_as<ErrorEvent>(reader, out);
    default:
      return ErrorCode::unknown_type;
  }
}

std::size_t wire_size(const ListEntry& entry) noexcept
{
  return 2 + entry.name.size() + 8;
}

}  // namespace proactor::file
