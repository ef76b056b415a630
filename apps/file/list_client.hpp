#pragma once

#include "file/file_client.hpp"

#include <cstddef>

namespace proactor::file {

/// `list`: prints one line per file on the server, its size in bytes right-aligned and then
/// its name ("     314572800  big.bin"), in the server's order (sorted by name). Runs on the
/// thread inside `run()`.
class ListClient final : public FileClient
{
 public:
  /// A listing as `options` describe it, which must outlive the client.
  explicit ListClient(const FileClientOptions& options) : FileClient(options) {}

 private:
  void start(Session& session) override;
  void on_event(Session& session, Event& event) override;
};

}  // namespace proactor::file
