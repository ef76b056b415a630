#pragma once

#include "common/flag_parser.hpp"
#include "common/server_flags.hpp"

#include <cstddef>
#include <string>

namespace proactor::file {

/// How `proactor-file-server` runs: the common server flags plus the root and the size limit.
struct FileServerOptions
{
  /// --host, --port, --threads, --logic-threads (default 2 here), --max-frame, ...
  apps::ServerOptions server;
  /// --root: the directory served (required).
  std::string root;
  /// --max-size: the largest upload accepted, in bytes.
  std::size_t max_size = std::size_t{4} * 1024 * 1024 * 1024;
};

/// Parses the file server's command line. On `--help` prints the usage to stdout; on a bad
/// flag (or a root that is not a directory, or a framing that cannot carry 64 KiB chunks)
/// prints one line to stderr; in both cases the result is empty and carries the exit code.
/// Call from main.
apps::ParseResult<FileServerOptions> parse_file_server_flags(int argc, char** argv);

}  // namespace proactor::file
