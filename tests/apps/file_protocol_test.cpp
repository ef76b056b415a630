// The file transfer protocol's sans-io parts with byte strings: every message round-trips,
// the documented layouts are the bytes on the wire, malformed payloads are refused, and the
// SHA-256 wrapper gives the standard digests.
#include "file/file_protocol.hpp"

#include "file/file_message.hpp"
#include "file/sha256.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/net/length_prefix_codec.hpp>
#include <proactor/net/packet_writer.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <string>
#include <variant>
#include <vector>

namespace proactor::file {
namespace file_protocol_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::string_literals;

Digest digest_of(std::string_view text)
{
  return Sha256::of(as_bytes(text));
}

template <class Message>
std::string payload_of(const Message& message)
{
  PacketWriter writer;
  write(writer, message);
  return std::string(as_string_view(writer.bytes()));
}

// Compares inside: a parsed data chunk views the payload, which ends here.
void expect_round_trip(const Request& request)
{
  const std::string payload = payload_of(request);
  Request parsed;
  EXPECT_EQ(parse(as_bytes(payload), parsed), ErrorCode::none);
  EXPECT_EQ(parsed, request);
  EXPECT_EQ(static_cast<std::uint8_t>(payload.front()),
            static_cast<std::uint8_t>(type_of(request)));
}

TEST(FileProtocol, EveryRequestRoundTrips)
{
  const std::string bytes = "chunk of a file";
  const std::vector<Request> requests = {
      PutRequest{"dir/a.bin", 123456789012, digest_of("a"), kPutRestart},
      GetRequest{"a.bin", 42, 65536},
      ListRequest{},
      DataChunk{7, as_bytes(bytes)},
      Ack{1u << 20},
  };
  for (const Request& request : requests) expect_round_trip(request);
}

TEST(FileProtocol, EveryEventRoundTrips)
{
  const std::string bytes = "downloaded bytes";
  const std::vector<Event> events = {
      PutReady{4096, kDefaultWindow, digest_of("prefix")},
      Ack{8192},
      PutDone{digest_of("whole")},
      GetReady{1000, 65536, digest_of("whole"), digest_of("prefix")},
      DataChunk{999, as_bytes(bytes)},
      ListEntries{false, {{"a", 1}, {"dir/b", 2}}},
      ListEntries{true, {}},
      ErrorEvent{ErrorCode::not_found, 0x02, "no such file: 'x'"},
  };
  for (const Event& event : events) {
    const std::string payload = payload_of(event);
    Event parsed;
    ASSERT_EQ(parse(as_bytes(payload), parsed), ErrorCode::none);
    EXPECT_EQ(parsed, event);
    EXPECT_EQ(static_cast<std::uint8_t>(payload.front()),
              static_cast<std::uint8_t>(type_of(event)));
  }
}

TEST(FileProtocol, GetIsTheDocumentedBytes)
{
  const Frame frame = encode(Request{GetRequest{"a.txt", 0, 2 * 1024 * 1024}});
  EXPECT_EQ(as_string_view(frame.bytes()),
            "\x00\x00\x00\x14"                  // length 20
            "\x02"                              // get
            "\x00\x05"                          // name: 5 bytes
            "a.txt"                             //
            "\x00\x00\x00\x00\x00\x00\x00\x00"  // offset 0
            "\x00\x20\x00\x00"s);               // window 2 MiB
}

TEST(FileProtocol, DataIsTheDocumentedBytes)
{
  const std::string bytes = "hi";
  const Frame frame = encode(Request{DataChunk{0x0102, as_bytes(bytes)}});
  EXPECT_EQ(as_string_view(frame.bytes()),
            "\x00\x00\x00\x0b"                  // length 11
            "\x04"                              // upload_data
            "\x00\x00\x00\x00\x00\x00\x01\x02"  // offset 258
            "hi"s);
}

TEST(FileProtocol, StartDataFramesFileBytesWithoutAnotherCopy)
{
  Buffer payload = start_data(MessageType::download_data, 5, 3);
  const MutableBytes room = payload.prepare(3);
  room[0] = std::byte{'x'};
  room[1] = std::byte{'y'};
  room[2] = std::byte{'z'};
  payload.commit(3);
  const Frame frame = encode(LengthPrefixCodec{}, std::move(payload));
  EXPECT_EQ(as_string_view(frame.bytes()),
            "\x00\x00\x00\x0c\x85\x00\x00\x00\x00\x00\x00\x00\x05xyz"s);
}

TEST(FileProtocol, ErrorEventIsTheDocumentedBytes)
{
  const Frame frame =
      encode(Event{ErrorEvent{ErrorCode::not_found, 0x02, "no such file: 'a.txt'"}});
  EXPECT_EQ(as_string_view(frame.bytes()),
            "\x00\x00\x00\x1b"  // length 27
            "\x8f"              // error
            "\x00\x04"          // not_found
            "\x02"              // in answer to a get
            "\x00\x15"          // text: 21 bytes
            "no such file: 'a.txt'"s);
  EXPECT_EQ(payload_of(Event{ErrorEvent{ErrorCode::not_found, 0x02, "gone"}}),
            "\x8f\x00\x04\x02\x00\x04gone"s);
}

TEST(FileProtocol, MalformedPayloadsAreRefused)
{
  Request request;
  Event event;
  EXPECT_EQ(parse(as_bytes(""s), request), ErrorCode::malformed);
  EXPECT_EQ(parse(as_bytes("\x7e"s), request), ErrorCode::unknown_type);
  EXPECT_EQ(parse(as_bytes("\x81"s), request), ErrorCode::unknown_type);       // an event
  EXPECT_EQ(parse(as_bytes("\x03\x00"s), request), ErrorCode::malformed);      // trailing byte
  EXPECT_EQ(parse(as_bytes("\x05\x00\x00"s), request), ErrorCode::malformed);  // short ack
  EXPECT_EQ(parse(as_bytes("\x02\x00\x09short"s), request), ErrorCode::malformed);

  // Unknown put flags are refused, not ignored.
  std::string put = payload_of(Request{PutRequest{"a", 1, {}, 0}});
  put.back() = '\x02';
  EXPECT_EQ(parse(as_bytes(put), request), ErrorCode::malformed);

  // A data chunk larger than kMaxChunk.
  const std::string big(kMaxChunk + 1, 'x');
  EXPECT_EQ(parse(as_bytes(payload_of(Request{DataChunk{0, as_bytes(big)}})), request),
            ErrorCode::malformed);

  // A listing whose count promises more entries than its bytes can hold.
  EXPECT_EQ(parse(as_bytes("\x86\x01\xff\xff"s), event), ErrorCode::malformed);
  EXPECT_EQ(parse(as_bytes("\x86\x02\x00\x00"s), event), ErrorCode::malformed);  // last = 2
  EXPECT_EQ(parse(as_bytes("\x01"s), event), ErrorCode::unknown_type);           // a request
}

TEST(FileProtocol, ErrorCodesHaveStableNamesAndErrnoMapsToThem)
{
  EXPECT_EQ(to_string(ErrorCode::not_found), "not_found");
  EXPECT_EQ(to_string(ErrorCode::checksum_mismatch), "checksum_mismatch");
  EXPECT_EQ(to_string(static_cast<ErrorCode>(999)), "unknown");
  EXPECT_EQ(describe(ErrorCode::no_space), "no space left on the server's disk");
  EXPECT_EQ(code_for_errno(ENOSPC), ErrorCode::no_space);
  EXPECT_EQ(code_for_errno(EDQUOT), ErrorCode::no_space);
  EXPECT_EQ(code_for_errno(ENOENT), ErrorCode::not_found);
  EXPECT_EQ(code_for_errno(ELOOP), ErrorCode::forbidden);
  EXPECT_EQ(code_for_errno(EIO), ErrorCode::io_error);
  EXPECT_EQ(code_for_errno(EFBIG), ErrorCode::io_error);
}

TEST(FileSha256, GivesTheStandardDigests)
{
  EXPECT_EQ(to_hex(digest_of("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(digest_of("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(FileSha256, HashesInPiecesAndPeeksAtAPrefix)
{
  Sha256 hash;
  hash.update(as_bytes("ab"s));
  const Digest prefix = hash.peek();
  hash.update(as_bytes("c"s));
  EXPECT_EQ(prefix, digest_of("ab"));
  Sha256 copy = hash;
  EXPECT_EQ(hash.finish(), digest_of("abc"));
  EXPECT_EQ(copy.finish(), digest_of("abc"));
  // After finish the hash starts over.
  hash.update(as_bytes("abc"s));
  EXPECT_EQ(hash.finish(), digest_of("abc"));
}

}  // namespace
}  // namespace file_protocol_test
}  // namespace proactor::file
