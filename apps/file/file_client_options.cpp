#include "file/file_client_options.hpp"

#include "file/file_name.hpp"
#include "file/file_protocol.hpp"
#include <proactor/session/session_config.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <unistd.h>
#include <utility>
#include <vector>

namespace proactor::file {

ConnectOptions FileClientOptions::connect_options() const
{
  auto config = std::make_shared<SessionConfig>(*ConnectOptions::default_client_config());
  config->idle_timeout = timeout;
  // Under a slow --limit-rate the server answers only every quarter window: allow twice that.
  if (limit_rate > 0) {
    const std::chrono::seconds quarter_window{2 * (kMaxWindow / 4) / limit_rate + 1};
    config->idle_timeout =
        std::max(config->idle_timeout,
                 std::chrono::duration_cast<std::chrono::milliseconds>(quarter_window));
  }
  // Several 64 KiB chunks per read system call instead of one.
  config->read_chunk = kReadChunk;
  return ConnectOptions{
      .host = host, .port = port, .timeout = timeout, .config = std::move(config)};
}

apps::ParseResult<FileClientOptions> parse_file_client_flags(int argc, char** argv)
{
  FileClientOptions options;
  std::string progress = "auto";
  std::vector<std::string> words;
  apps::FlagParser flags{
      options.program,
      "Transfers files to and from a proactor-file-server (docs/protocol/file.md):\n"
      "  put LOCAL [REMOTE]   upload LOCAL (as REMOTE, default its base name)\n"
      "  get REMOTE [LOCAL]   download REMOTE (to LOCAL, default its base name)\n"
      "  list                 print the server's files: size, then name\n"
      "An interrupted transfer resumes where it stopped when run again; every transfer\n"
      "is verified with SHA-256. Exits 0 only when the transfer completed and verified."};
  flags.add_string("host", options.host, "HOST", "server address or name");
  flags.add_port("port", options.port, "server port", 1);
  flags.add_duration("timeout", options.timeout,
                     "limit for connecting and for server silence (more under a slow "
                     "--limit-rate)");
  flags.add_bytes("limit-rate", options.limit_rate, "most bytes per second; 0 for no limit");
  flags.add_flag("restart", options.restart, "ignore partial files and start at byte 0");
  flags.add_string("progress", progress, "auto|bar|lines|none",
                   "progress on stderr; auto: a bar on a terminal, else lines");
  flags.add_positional("COMMAND", words, "put LOCAL [REMOTE] | get REMOTE [LOCAL] | list");
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return apps::ParseResult<FileClientOptions>::exit(*exit_code);

  const auto fail = [&](std::string_view message) {
    return apps::ParseResult<FileClientOptions>::exit(flags.fail(message, std::cerr));
  };
  if (!flags.seen("port")) return fail("missing required flag '--port'");
  if (options.timeout.count() == 0) return fail("'--timeout' must be longer than 0");
  if (progress == "auto")
    options.progress = ::isatty(STDERR_FILENO) ? ProgressStyle::bar : ProgressStyle::lines;
  else if (progress == "bar")
    options.progress = ProgressStyle::bar;
  else if (progress == "lines")
    options.progress = ProgressStyle::lines;
  else if (progress == "none")
    options.progress = ProgressStyle::none;
  else
    return fail("invalid value '" + progress +
                "' for '--progress': expected auto, bar, lines or none");

  if (words.empty()) return fail("missing command: put, get or list");
  const std::string& command = words[0];
  const std::size_t arguments = words.size() - 1;
  if (command == "list") {
    if (arguments != 0) return fail("'list' takes no arguments");
    options.command = Command::list;
    return options;
  }
  if (command != "put" && command != "get")
    return fail("unknown command '" + command + "': expected put, get or list");
  if (arguments < 1 || arguments > 2)
    return fail("'" + command + "' takes " +
                (command == "put" ? "LOCAL [REMOTE]" : "REMOTE [LOCAL]"));
  const std::string& first = words[1];
  const std::string second = arguments == 2 ? words[2] : base_name(first);
  options.command = command == "put" ? Command::put : Command::get;
  options.local = options.command == Command::put ? first : second;
  options.remote = options.command == Command::put ? second : first;
  if (options.local.empty()) return fail("no local file name given");
  if (const auto problem = name_problem(options.remote))
    return fail("invalid remote name '" + printable(options.remote) + "': " + *problem);
  return options;
}

}  // namespace proactor::file
