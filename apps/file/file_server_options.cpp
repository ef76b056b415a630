#include "file/file_server_options.hpp"

#include "file/file_protocol.hpp"

#include <filesystem>
#include <iostream>
#include <system_error>
#include <variant>

namespace proactor::file {

apps::ParseResult<FileServerOptions> parse_file_server_flags(int argc, char** argv)
{
  FileServerOptions options;
  apps::ServerOptions& server = options.server;
  server.program = "proactor-file-server";
  // File I/O blocks: keep it off the I/O threads (docs/architecture.md, "File transfer").
  server.config.logic_threads = 2;
  // Several 64 KiB chunks per read system call instead of one.
  server.config.session.read_chunk = kReadChunk;

  apps::FlagParser flags{server.program,
                         "Serves the files under --root: upload (put), download (get) and list,\n"
                         "in 64 KiB chunks with SHA-256 verification and resume\n"
                         "(docs/protocol/file.md)."};
  apps::add_server_flags(flags, server);
  flags.add_string("root", options.root, "DIR", "the directory served (required)");
  flags.add_bytes("max-size", options.max_size, "largest upload accepted", 0);
  if (const auto exit_code = flags.parse_or_exit(argc, argv, std::cout, std::cerr))
    return apps::ParseResult<FileServerOptions>::exit(*exit_code);

  const auto fail = [&](std::string_view message) {
    return apps::ParseResult<FileServerOptions>::exit(flags.fail(message, std::cerr));
  };
  if (!flags.seen("root")) return fail("missing required flag '--root'");
  std::error_code ec;
  if (!std::filesystem::is_directory(options.root, ec))
    return fail("'--root " + options.root + "' is not a directory");
  if (const auto exit_code = apps::apply_server_flags(server))
    return apps::ParseResult<FileServerOptions>::exit(*exit_code);
  if (!std::holds_alternative<LengthPrefixCodec>(server.config.session.codec) ||
      max_frame_size(server.config.session.codec) < kMaxDataPayload)
    return fail("file transfer needs '--framing u32' and '--max-frame' of at least " +
                std::to_string(kMaxDataPayload));
  return options;
}

}  // namespace proactor::file
