// The file service in-process, downloads and listings: digests announced up front, the window
// that holds the server back until the client acknowledges, resume offsets, and the errors.
#include "file_server_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>

namespace proactor::test {
namespace file_server_download_test {  // a unity build puts several test files in one unit
namespace {

using namespace file;
using namespace std::chrono_literals;
using namespace std::string_literals;

TEST(FileServerDownload, SendsTheFileAfterAnnouncingItsDigest)
{
  FileServerFixture server;
  const std::string content = pattern(3 * 1024 * 1024 + 17);
  write_text(server.root() / "three.bin", content);
  LoopbackClient client(server.port());
  GetReady ready;
  EXPECT_EQ(download(client, "three.bin", 0, &ready), content);
  EXPECT_EQ(ready.size, content.size());
  EXPECT_EQ(ready.sha256, Sha256::of(as_bytes(content)));
  EXPECT_EQ(ready.prefix_sha256, Sha256::of({}));
  EXPECT_EQ(ready.window, kDefaultWindow);
  // Late acks of a finished download are harmless; the connection serves on.
  ASSERT_TRUE(send_request(client, Ack{content.size()}));
  EXPECT_EQ(download(client, "three.bin", content.size() - 5), content.substr(content.size() - 5));
}

TEST(FileServerDownload, ResumesFromAnOffsetWithThePrefixDigest)
{
  FileServerFixture server;
  const std::string content = pattern(200 * 1000);
  write_text(server.root() / "r.bin", content);
  LoopbackClient client(server.port());
  GetReady ready;
  EXPECT_EQ(download(client, "r.bin", 150 * 1000, &ready), content.substr(150 * 1000));
  EXPECT_EQ(ready.prefix_sha256, Sha256::of(as_bytes(content.substr(0, 150 * 1000))));
  EXPECT_EQ(ready.sha256, Sha256::of(as_bytes(content)));
}

TEST(FileServerDownload, StopsAtTheWindowUntilTheClientAcknowledges)
{
  FileServerFixture server;
  const std::string content = pattern(3 * kMinWindow);
  write_text(server.root() / "w.bin", content);
  LoopbackClient client(server.port());
  ASSERT_TRUE(send_request(client, GetRequest{"w.bin", 0, 1}));  // clamped up to kMinWindow
  std::string storage;
  const auto ready = read_event(client, storage);
  ASSERT_TRUE(ready && std::holds_alternative<GetReady>(*ready));
  EXPECT_EQ(std::get<GetReady>(*ready).window, kMinWindow);

  std::size_t received = 0;
  while (received < kMinWindow) {
    const auto event = read_event(client, storage);
    ASSERT_TRUE(event && std::holds_alternative<DataChunk>(*event));
    received += std::get<DataChunk>(*event).bytes.size();
  }
  EXPECT_EQ(received, kMinWindow);
  // A full window and no ack: the server must not send another byte.
  EXPECT_EQ(client.read_frame(200ms), std::nullopt);
  ASSERT_TRUE(send_request(client, Ack{kMinWindow}));
  const auto more = read_event(client, storage);
  ASSERT_TRUE(more && std::holds_alternative<DataChunk>(*more));
  EXPECT_EQ(std::get<DataChunk>(*more).offset, kMinWindow);
}

TEST(FileServerDownload, AnswersMissingFilesBadOffsetsAndEscapes)
{
  FileServerFixture server;
  write_text(server.root() / "small.txt", "12345");
  write_text(server.dir / "outside.txt", "secret");
  fs::create_symlink(server.dir / "outside.txt", server.root() / "link.txt");
  LoopbackClient client(server.port());
  const ErrorEvent missing = request_error(client, GetRequest{"missing.bin", 0, kDefaultWindow});
  EXPECT_EQ(missing, (ErrorEvent{ErrorCode::not_found, 0x02, "no such file: 'missing.bin'"}));
  EXPECT_EQ(request_error(client, GetRequest{"small.txt", 6, kDefaultWindow}).code,
            ErrorCode::bad_offset);
  EXPECT_EQ(request_error(client, GetRequest{"../outside.txt", 0, kDefaultWindow}).code,
            ErrorCode::invalid_name);
  EXPECT_EQ(request_error(client, GetRequest{"link.txt", 0, kDefaultWindow}).code,
            ErrorCode::forbidden);
  EXPECT_EQ(download(client, "small.txt"), "12345");
}

TEST(FileServerDownload, AnAckBeyondWhatWasSentCloses)
{
  FileServerFixture server;
  write_text(server.root() / "big.bin", pattern(4 * kMaxWindow));
  LoopbackClient client(server.port());
  ASSERT_TRUE(send_request(client, GetRequest{"big.bin", 0, kMinWindow}));
  std::string storage;
  ASSERT_TRUE(read_event(client, storage));
  ASSERT_TRUE(send_request(client, Ack{3 * kMaxWindow}));
  // Data may come before the error; the error comes, then the close.
  for (;;) {
    const auto event = read_event(client, storage);
    ASSERT_TRUE(event);
    if (const auto* error = std::get_if<ErrorEvent>(&*event)) {
      EXPECT_EQ(error->code, ErrorCode::unexpected);
      break;
    }
  }
  EXPECT_EQ(client.read_until_closed(), Ending::eof);
}

TEST(FileServerList, ListsFilesInBatchesSortedByName)
{
  FileServerFixture server;
  fs::create_directories(server.root() / "sub");
  write_text(server.root() / "b.txt", "22");
  write_text(server.root() / "a.txt", "1");
  write_text(server.root() / "sub/c.txt", "333");
  write_text(server.root() / "upload.bin.part", "partial");
  LoopbackClient client(server.port());
  ASSERT_TRUE(send_request(client, ListRequest{}));
  std::string storage;
  const auto event = read_event(client, storage);
  ASSERT_TRUE(event && std::holds_alternative<ListEntries>(*event));
  EXPECT_EQ(std::get<ListEntries>(*event),
            (ListEntries{true, {{"a.txt", 1}, {"b.txt", 2}, {"sub/c.txt", 3}}}));
}

TEST(FileServerList, ALongListingSpansSeveralMessages)
{
  FileServerFixture server;
  // Long names fill a message with fewer files: about 280 of these fit in one.
  constexpr int kFiles = 600;
  const std::string padding(200, 'n');
  for (int i = 0; i < kFiles; ++i)
    write_text(server.root() / (padding + std::to_string(10000 + i)), "x");
  LoopbackClient client(server.port());
  ASSERT_TRUE(send_request(client, ListRequest{}));
  std::string storage;
  std::size_t entries = 0;
  int messages = 0;
  for (bool last = false; !last; ++messages) {
    const auto event = read_event(client, storage);
    ASSERT_TRUE(event && std::holds_alternative<ListEntries>(*event));
    last = std::get<ListEntries>(*event).last;
    entries += std::get<ListEntries>(*event).entries.size();
  }
  EXPECT_EQ(entries, static_cast<std::size_t>(kFiles));
  EXPECT_GT(messages, 1);
}

}  // namespace
}  // namespace file_server_download_test
}  // namespace proactor::test
