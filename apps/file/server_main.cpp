// proactor-file-server: upload, download and list of the files under one directory
// (docs/protocol/file.md).
//
//   proactor-file-server --port 7000 --root /srv/files --max-size 10G
//
// Prints `listening on HOST:PORT` once it accepts connections; SIGINT or SIGTERM stops it
// gracefully and it exits 0. A bad command line exits 2, a port in use 1.
#include "common/messages.hpp"
#include "common/server_flags.hpp"
#include "file/file_handler.hpp"
#include "file/file_server_options.hpp"
#include "file/file_service.hpp"
#include <proactor/server/server.hpp>

#include <csignal>
#include <exception>

int main(int argc, char* argv[])
{
  const auto options = proactor::file::parse_file_server_flags(argc, argv);
  if (!options) return options.exit_code();
  // A write past a file size limit (RLIMIT_FSIZE) then fails with EFBIG, which is answered
  // as an error, instead of killing the server.
  std::signal(SIGXFSZ, SIG_IGN);

  try {
    proactor::file::FileService service{options->root};
    service.max_size = options->max_size;
    proactor::file::FileHandler handler{service};
    proactor::Server server{options->server.config, handler};
    return proactor::apps::run_server(server, options->server);
  } catch (const std::exception& e) {
    proactor::apps::print_error(options->server.program, e.what());
    return 1;
  }
}
