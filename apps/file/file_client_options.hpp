#pragma once

#include "common/flag_parser.hpp"
#include "file/progress.hpp"
#include <proactor/session/connector.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace proactor::file {

/// What `proactor-file-client` was asked to do.
enum class Command : std::uint8_t
{
  put,
  get,
  list,
};

/// How `proactor-file-client` runs: the result of its command line.
struct FileClientOptions
{
  /// The program's name, which starts every line it prints to stderr.
  std::string program = "proactor-file-client";
  /// `--host`: the server's address or name.
  std::string host = "127.0.0.1";
  /// `--port`: the server's port (required).
  std::uint16_t port = 0;
  /// `--timeout`: bounds the connect, and any silence from the server.
  std::chrono::milliseconds timeout{60'000};
  /// `--limit-rate`: most bytes per second to transfer; 0 for no limit.
  std::size_t limit_rate = 0;
  /// `--restart`: ignore a partial file from an earlier attempt and start at byte 0.
  bool restart = false;
  /// `--progress`: how progress shows on stderr (auto: a bar on a terminal, else lines).
  ProgressStyle progress = ProgressStyle::lines;
  /// The command and its files: put LOCAL [REMOTE], get REMOTE [LOCAL], list.
  Command command = Command::list;
  /// The file on this machine (put: read; get: written).
  std::string local;
  /// The name on the server.
  std::string remote;

  /// What `async_connect` needs: host, port, timeout, and a session config whose frames
  /// hold a data chunk and whose idle timeout is `timeout`. Any thread.
  ConnectOptions connect_options() const;
};

/// Parses the client's command line. On `--help` prints the usage to stdout; on a bad flag or
/// command prints one line to stderr; in both cases the result is empty and carries the exit
/// code. Call from main.
apps::ParseResult<FileClientOptions> parse_file_client_flags(int argc, char** argv);

}  // namespace proactor::file
