// The file service in-process: a real Server running the FileHandler on a logic thread, driven
// over loopback by a blocking test client that speaks the protocol message by message.
// Uploads: the window, resume, restart, limits, busy names, a corrupt upload, protocol abuse.
#include "file/file_handler.hpp"
#include "file/file_service.hpp"
#include "file_server_support.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <variant>

namespace proactor::test {
namespace file_server_test {  // a unity build puts several test files in one unit
namespace {

using namespace file;
using namespace std::string_literals;

TEST(FileServerUpload, StoresAFileSentWithinTheWindow)
{
  FileServerFixture server;
  LoopbackClient client(server.port());
  const std::string content = pattern(5 * 1024 * 1024 + 123);
  const auto done = upload(client, "dir/five.bin", content);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->sha256, Sha256::of(as_bytes(content)));
  EXPECT_EQ(read_text(server.root() / "dir/five.bin"), content);
  EXPECT_FALSE(fs::exists(server.root() / "dir/five.bin.part"));
  // The connection serves another request after a put.
  EXPECT_TRUE(upload(client, "empty.bin", ""));
  EXPECT_EQ(fs::file_size(server.root() / "empty.bin"), 0u);
}

TEST(FileServerUpload, AcknowledgesEveryQuarterWindow)
{
  FileServerFixture server;
  LoopbackClient client(server.port());
  const std::string content = pattern(kDefaultWindow);
  ASSERT_TRUE(
      send_request(client, PutRequest{"acks.bin", content.size(), Sha256::of(as_bytes(content))}));
  std::string storage;
  const auto ready = read_event(client, storage);
  ASSERT_TRUE(ready && std::holds_alternative<PutReady>(*ready));
  EXPECT_EQ(std::get<PutReady>(*ready).window, kDefaultWindow);
  for (std::size_t offset = 0; offset < content.size(); offset += kMaxChunk)
    ASSERT_TRUE(send_request(
        client, DataChunk{offset, as_bytes(std::string_view(content).substr(offset, kMaxChunk))}));
  for (std::uint64_t expected : {1u, 2u, 3u}) {
    const auto ack = read_event(client, storage);
    ASSERT_TRUE(ack && std::holds_alternative<Ack>(*ack));
    EXPECT_EQ(std::get<Ack>(*ack).received, expected * kDefaultWindow / 4);
  }
  const auto done = read_event(client, storage);
  EXPECT_TRUE(done && std::holds_alternative<PutDone>(*done));
}

TEST(FileServerUpload, ResumesAfterAKeptPartialWithItsDigest)
{
  FileServerFixture server;
  const std::string content = pattern(300 * 1000);
  write_text(server.root() / "r.bin.part", content.substr(0, 100 * 1000));
  LoopbackClient client(server.port());
  PutReady ready;
  const auto done = upload(client, "r.bin", content, 0, &ready);
  ASSERT_TRUE(done);
  EXPECT_EQ(ready.offset, 100u * 1000);
  EXPECT_EQ(ready.prefix_sha256, Sha256::of(as_bytes(content.substr(0, 100 * 1000))));
  EXPECT_EQ(read_text(server.root() / "r.bin"), content);
}

TEST(FileServerUpload, StartsOverWhenAskedOrWhenThePartialCannotBelong)
{
  FileServerFixture server;
  const std::string content = pattern(1000);
  LoopbackClient client(server.port());
  PutReady ready;

  write_text(server.root() / "a.bin.part", content.substr(0, 500));
  ASSERT_TRUE(upload(client, "a.bin", content, kPutRestart, &ready));
  EXPECT_EQ(ready.offset, 0u);

  write_text(server.root() / "b.bin.part", content + "longer than announced");
  ASSERT_TRUE(upload(client, "b.bin", content, 0, &ready));
  EXPECT_EQ(ready.offset, 0u);

  write_text(server.root() / "c.bin.part", pattern(1000, 7));  // complete, other digest
  ASSERT_TRUE(upload(client, "c.bin", content, 0, &ready));
  EXPECT_EQ(ready.offset, 0u);
  for (const char* name : {"a.bin", "b.bin", "c.bin"})
    EXPECT_EQ(read_text(server.root() / name), content) << name;
}

TEST(FileServerUpload, ACompletePartialWithTheRightDigestFinishesAtOnce)
{
  FileServerFixture server;
  const std::string content = pattern(1000);
  write_text(server.root() / "whole.bin.part", content);
  LoopbackClient client(server.port());
  ASSERT_TRUE(
      send_request(client, PutRequest{"whole.bin", content.size(), Sha256::of(as_bytes(content))}));
  std::string storage;
  const auto ready = read_event(client, storage);
  ASSERT_TRUE(ready && std::holds_alternative<PutReady>(*ready));
  EXPECT_EQ(std::get<PutReady>(*ready).offset, content.size());
  const auto done = read_event(client, storage);
  ASSERT_TRUE(done && std::holds_alternative<PutDone>(*done));
  EXPECT_EQ(read_text(server.root() / "whole.bin"), content);
}

TEST(FileServerUpload, RefusesTooLargeAndInvalidUploadsAndStaysOpen)
{
  FileServerFixture server(1000);
  LoopbackClient client(server.port());
  EXPECT_EQ(put_error(client, PutRequest{"big.bin", 1001, {}}),
            (ErrorEvent{ErrorCode::too_large, 0x01,
                        "'big.bin' has 1001 bytes, more than this server's limit of 1000"}));
  EXPECT_EQ(put_error(client, PutRequest{"../escape.bin", 10, {}}).code, ErrorCode::invalid_name);
  EXPECT_EQ(put_error(client, PutRequest{"/abs.bin", 10, {}}).code, ErrorCode::invalid_name);
  EXPECT_EQ(put_error(client, PutRequest{"x.part", 10, {}}).code, ErrorCode::invalid_name);
  EXPECT_TRUE(fs::is_empty(server.root()));
  EXPECT_TRUE(upload(client, "fine.bin", "still open"));
}

TEST(FileServerUpload, AnUploadTheDiskCannotHoldIsRefusedBeforeAnyByte)
{
  FileServerFixture server;
  LoopbackClient client(server.port());
  // No disk has 2^62 bytes free; nothing is left behind.
  const ErrorEvent full = put_error(client, PutRequest{"huge.bin", std::uint64_t{1} << 62, {}});
  EXPECT_EQ(full.code, ErrorCode::no_space);
  EXPECT_EQ(full.request, static_cast<std::uint8_t>(MessageType::put));
  EXPECT_EQ(full.text, "not enough space for 'huge.bin': it needs 4.0 EiB more");
  EXPECT_TRUE(fs::is_empty(server.root()));
  EXPECT_TRUE(upload(client, "fine.bin", "still open"));
}

TEST(FileServerUpload, ASecondUploaderOfTheSameNameIsBusyUntilTheFirstIsGone)
{
  FileServerFixture server;
  const std::string content = pattern(1000);
  auto first = std::make_unique<LoopbackClient>(server.port());
  ASSERT_TRUE(
      send_request(*first, PutRequest{"same.bin", content.size(), Sha256::of(as_bytes(content))}));
  std::string storage;
  ASSERT_TRUE(read_event(*first, storage));  // put_ready: the name is claimed

  LoopbackClient second(server.port());
  EXPECT_EQ(put_error(second, PutRequest{"same.bin", content.size(), {}}).code, ErrorCode::busy);
  first.reset();
  ASSERT_TRUE(eventually([&] { return server.service.claims.size() == 0; }));
  EXPECT_TRUE(upload(second, "same.bin", content));
}

TEST(FileServerUpload, ACorruptUploadIsRemovedAndTheConnectionGoesOn)
{
  FileServerFixture server;
  const std::string content = pattern(1000);
  LoopbackClient client(server.port());
  ASSERT_TRUE(
      send_request(client, PutRequest{"bad.bin", content.size(), Sha256::of(as_bytes("other"s))}));
  std::string storage;
  ASSERT_TRUE(read_event(client, storage));
  ASSERT_TRUE(send_request(client, DataChunk{0, as_bytes(content)}));
  const auto error = read_event(client, storage);
  ASSERT_TRUE(error && std::holds_alternative<ErrorEvent>(*error));
  EXPECT_EQ(std::get<ErrorEvent>(*error).code, ErrorCode::checksum_mismatch);
  EXPECT_FALSE(fs::exists(server.root() / "bad.bin.part"));
  EXPECT_FALSE(fs::exists(server.root() / "bad.bin"));
  EXPECT_TRUE(upload(client, "good.bin", content));
}

TEST(FileServerUpload, DataOutOfPlaceIsAnErrorThatClosesAndKeepsThePartial)
{
  FileServerFixture server;
  const std::string content = pattern(1000);
  {
    LoopbackClient client(server.port());
    ASSERT_TRUE(send_request(client, DataChunk{0, as_bytes(content)}));
    EXPECT_EQ(fatal_error(client).code, ErrorCode::unexpected);
  }
  LoopbackClient client(server.port());
  ASSERT_TRUE(
      send_request(client, PutRequest{"gap.bin", content.size(), Sha256::of(as_bytes(content))}));
  std::string storage;
  ASSERT_TRUE(read_event(client, storage));
  ASSERT_TRUE(send_request(client, DataChunk{0, as_bytes(content.substr(0, 100))}));
  ASSERT_TRUE(send_request(client, DataChunk{200, as_bytes(content.substr(200, 100))}));
  const ErrorEvent error = fatal_error(client);
  EXPECT_EQ(error.code, ErrorCode::unexpected);
  EXPECT_EQ(error.text, "data for 'gap.bin' at byte 200, expected byte 100");
  EXPECT_EQ(read_text(server.root() / "gap.bin.part"), content.substr(0, 100));
}

TEST(FileServerUpload, BytesPastTheAnnouncedSizeCloseTheConnection)
{
  FileServerFixture server;
  LoopbackClient client(server.port());
  ASSERT_TRUE(send_request(client, PutRequest{"short.bin", 3, {}}));
  std::string storage;
  ASSERT_TRUE(read_event(client, storage));
  ASSERT_TRUE(send_request(client, DataChunk{0, as_bytes("four"s)}));
  EXPECT_EQ(fatal_error(client).code, ErrorCode::unexpected);
}

TEST(FileServerUpload, ANewRequestAbandonsTheUploadInProgressAndKeepsItsPartial)
{
  FileServerFixture server;
  const std::string content = pattern(1000);
  LoopbackClient client(server.port());
  ASSERT_TRUE(
      send_request(client, PutRequest{"left.bin", content.size(), Sha256::of(as_bytes(content))}));
  std::string storage;
  ASSERT_TRUE(read_event(client, storage));
  ASSERT_TRUE(send_request(client, DataChunk{0, as_bytes(content.substr(0, 400))}));
  // The same name again, at once: the first upload is let go, so the name is not busy.
  PutReady ready;
  ASSERT_TRUE(upload(client, "left.bin", content, 0, &ready));
  EXPECT_EQ(ready.offset, 400u);
  EXPECT_EQ(read_text(server.root() / "left.bin"), content);
}

TEST(FileServerUpload, MalformedAndUnknownMessagesAreAnsweredAndTheConnectionGoesOn)
{
  FileServerFixture server;
  LoopbackClient client(server.port());
  std::string storage;
  ASSERT_TRUE(client.write_frame("\x01\x00"s));
  auto event = read_event(client, storage);
  ASSERT_TRUE(event && std::holds_alternative<ErrorEvent>(*event));
  EXPECT_EQ(std::get<ErrorEvent>(*event),
            (ErrorEvent{ErrorCode::malformed, 0x01, "malformed message of type 0x01 (2 bytes)"}));
  ASSERT_TRUE(client.write_frame("\x42"s));
  event = read_event(client, storage);
  ASSERT_TRUE(event && std::holds_alternative<ErrorEvent>(*event));
  EXPECT_EQ(std::get<ErrorEvent>(*event),
            (ErrorEvent{ErrorCode::unknown_type, 0x42, "unknown message type 0x42"}));
  EXPECT_TRUE(upload(client, "after.bin", "ok"));
}

}  // namespace
}  // namespace file_server_test
}  // namespace proactor::test
