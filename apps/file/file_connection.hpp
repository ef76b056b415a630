#pragma once

#include "file/download.hpp"
#include "file/file_message.hpp"
#include "file/file_service.hpp"
#include "file/upload.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/session.hpp>

#include <cstddef>
#include <optional>
#include <vector>

namespace proactor::file {

/// The server's state for one connection: idle, or busy with one upload, download or
/// listing at a time; a new put, get or list abandons the one in progress. Turns request
/// payloads into file operations and answers, following docs/protocol/file.md.
///
/// Errors before a transfer started are answered and the connection stays open; an error
/// during a transfer is answered and then the connection is closed, because the peer's
/// messages in flight can no longer be understood.
///
/// Lives in the session's context slot and runs on the session's handler thread only (the
/// callbacks of one session never run concurrently). Not thread safe.
class FileConnection
{
 public:
  /// A connection of `service`, which must outlive it. Session's handler thread.
  explicit FileConnection(FileService& service) noexcept : service_(service) {}

  /// Handles one request payload from `session`. Session's handler thread.
  void on_frame(Session& session, ConstBytes payload);
  /// Continues a download or listing that waited for the session to drain. Session's
  /// handler thread.
  void on_writable(Session& session);

 private:
  struct Listing
  {
    std::vector<ListEntry> entries;
    std::size_t next = 0;
  };

  void on_put(Session& session, PutRequest request);
  void on_get(Session& session, const GetRequest& request);
  void on_list(Session& session);
  void on_data(Session& session, const DataChunk& chunk);
  void on_ack(Session& session, const Ack& ack);
  void finish_upload(Session& session);
  void pump(Session& session);
  void pump_listing(Session& session);
  void abandon() noexcept;
  bool transferring() const noexcept;
  void send(Session& session, const Event& event);
  // Answers `error` to the request of type `request`; `fatal` also ends the transfer and
  // closes the connection.
  void fail(Session& session, MessageType request, FileError error, bool fatal);

  FileService& service_;
  std::optional<Upload> upload_;
  std::optional<Download> download_;
  std::optional<Listing> listing_;
  bool closing_ = false;
};

}  // namespace proactor::file
