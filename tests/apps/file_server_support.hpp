#pragma once

// The in-process file server tests' fixture and a protocol-speaking test client: uploads and
// downloads that honour the window, and the expected failures.

#include "eventually.hpp"
#include "file/file_handler.hpp"
#include "file/file_message.hpp"
#include "file/file_service.hpp"
#include "file/sha256.hpp"
#include "file_test_support.hpp"
#include "loopback_client.hpp"
#include <proactor/server/server.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace proactor::test {

/// A file server on 127.0.0.1:0 serving a fresh directory, with its handler on a logic
/// thread as the program runs it, and uploads limited to `max_size` bytes. The service's
/// limits are set before the server's threads start and never change (they are not guarded).
struct FileServerFixture
{
  TempDir dir;
  file::FileService service;
  file::FileHandler handler;
  Server server;

  explicit FileServerFixture(std::uint64_t max_size = UINT64_MAX)
      : service(make_root(dir)), handler(service), server(config(), handler)
  {
    service.max_size = max_size;
    server.listen("127.0.0.1", 0);
  }

  /// The directory served.
  fs::path root() const { return dir / "root"; }
  /// The port the server listens on.
  std::uint16_t port() const { return server.local_endpoint().port; }

  static std::string make_root(const TempDir& dir)
  {
    fs::create_directories(dir / "root");
    return (dir / "root").string();
  }
  static ServerConfig config()
  {
    ServerConfig config;
    config.io_threads = 2;
    config.logic_threads = 1;
    return config;
  }
};

/// `size` pseudo-random bytes, different for each `seed`.
inline std::string pattern(std::size_t size, std::uint32_t seed = 1)
{
  std::string bytes(size, '\0');
  std::uint32_t state = seed * 2654435761u + 1;
  for (char& c : bytes) {
    state = state * 1664525u + 1013904223u;
    c = static_cast<char>(state >> 24);
  }
  return bytes;
}

/// Puts `content` as `name` the way a client must: from the offset the server offers, never
/// more than the window ahead of its acks. The server's put_done, or nullopt (with a test
/// failure saying why). `ready` receives the put_ready.
inline std::optional<file::PutDone> upload(LoopbackClient& client, const std::string& name,
                                           std::string_view content, std::uint8_t flags = 0,
                                           file::PutReady* ready = nullptr)
{
  using namespace file;
  if (!send_request(client, PutRequest{name, content.size(), Sha256::of(as_bytes(content)), flags}))
    return std::nullopt;
  std::string storage;
  auto event = read_event(client, storage);
  if (!event || !std::holds_alternative<PutReady>(*event)) {
    ADD_FAILURE() << "no put_ready for " << name;
    return std::nullopt;
  }
  const PutReady offered = std::get<PutReady>(*event);
  if (ready) *ready = offered;
  std::uint64_t sent = offered.offset;
  std::uint64_t acked = offered.offset;
  for (;;) {
    while (sent < content.size() && sent - acked < offered.window) {
      const auto n = std::min<std::uint64_t>(
          {kMaxChunk, content.size() - sent, offered.window - (sent - acked)});
      if (!send_request(client, DataChunk{sent, as_bytes(content.substr(sent, n))}))
        return std::nullopt;
      sent += n;
    }
    event = read_event(client, storage);
    if (!event) {
      ADD_FAILURE() << "no answer during the upload of " << name;
      return std::nullopt;
    }
    if (const auto* ack = std::get_if<Ack>(&*event)) {
      acked = ack->received;
    } else if (const auto* done = std::get_if<PutDone>(&*event)) {
      return *done;
    } else {
      const auto* error = std::get_if<ErrorEvent>(&*event);
      ADD_FAILURE() << "upload of " << name << " failed: " << (error ? error->text : "?");
      return std::nullopt;
    }
  }
}

/// Gets `name` from `offset`, acknowledging every quarter window as a client must. The bytes
/// from `offset` on, or nullopt (with a test failure saying why). `ready` receives the
/// get_ready.
inline std::optional<std::string> download(LoopbackClient& client, const std::string& name,
                                           std::uint64_t offset = 0,
                                           file::GetReady* ready = nullptr)
{
  using namespace file;
  if (!send_request(client, GetRequest{name, offset, kDefaultWindow})) return std::nullopt;
  std::string storage;
  auto event = read_event(client, storage);
  if (!event || !std::holds_alternative<GetReady>(*event)) {
    ADD_FAILURE() << "no get_ready for " << name;
    return std::nullopt;
  }
  const GetReady offered = std::get<GetReady>(*event);
  if (ready) *ready = offered;
  std::string bytes;
  std::uint64_t acked = offset;
  while (offset + bytes.size() < offered.size) {
    event = read_event(client, storage);
    const auto* chunk = event ? std::get_if<DataChunk>(&*event) : nullptr;
    if (!chunk || chunk->offset != offset + bytes.size()) {
      ADD_FAILURE() << "no data in order during the download of " << name;
      return std::nullopt;
    }
    bytes += as_string_view(chunk->bytes);
    if (offset + bytes.size() - acked >= offered.window / 4) {
      acked = offset + bytes.size();
      if (!send_request(client, Ack{acked})) return std::nullopt;
    }
  }
  return bytes;
}

/// Sends `request` and returns the error event that must answer it (code none if another
/// answer came).
inline file::ErrorEvent request_error(LoopbackClient& client, const file::Request& request)
{
  std::string storage;
  if (!send_request(client, request)) return {};
  const auto event = read_event(client, storage);
  if (!event || !std::holds_alternative<file::ErrorEvent>(*event)) {
    ADD_FAILURE() << "expected an error event";
    return {};
  }
  return std::get<file::ErrorEvent>(*event);
}

/// As `request_error` for a put.
inline file::ErrorEvent put_error(LoopbackClient& client, const file::PutRequest& request)
{
  return request_error(client, request);
}

/// Reads the error event that ends a transfer, and expects the server to close after it.
inline file::ErrorEvent fatal_error(LoopbackClient& client)
{
  std::string storage;
  const auto event = read_event(client, storage);
  if (!event || !std::holds_alternative<file::ErrorEvent>(*event)) {
    ADD_FAILURE() << "expected an error event";
    return {};
  }
  EXPECT_EQ(client.read_until_closed(), Ending::eof);
  return std::get<file::ErrorEvent>(*event);
}

}  // namespace proactor::test
