#pragma once

#include "file/file_service.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/close_reason.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/session.hpp>

#include <boost/system/error_code.hpp>

namespace proactor::file {

/// The file service (docs/protocol/file.md): gives each session a `FileConnection` in its
/// context slot and hands it the session's events. Sessions share only `service`, which is
/// thread safe, so the handler serves any number of I/O and logic threads.
///
/// The work is blocking file I/O and hashing. The server program runs it on logic threads,
/// so that a slow disk or a large hash delays only the sessions sharded to that thread, never
/// the I/O threads; with inline dispatch it would stall every session of an I/O thread.
class FileHandler final : public Handler
{
 public:
  /// Serves `service`, which must outlive the handler. Any thread.
  explicit FileHandler(FileService& service) noexcept : service_(service) {}

  /// Creates the session's connection state. Session's handler thread.
  void on_open(const SessionPtr& session) override;
  /// Handles one request. Session's handler thread.
  void on_frame(const SessionPtr& session, ConstBytes payload) override;
  /// Continues a download or listing. Session's handler thread.
  void on_writable(const SessionPtr& session) override;
  /// Drops the connection state: open files close, an upload's partial file stays for a
  /// resume and its name is free again. Session's handler thread.
  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override;

 private:
  FileService& service_;
};

}  // namespace proactor::file
