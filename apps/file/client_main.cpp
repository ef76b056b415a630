// proactor-file-client: uploads, downloads and lists files on a proactor-file-server
// (docs/protocol/file.md).
//
//   proactor-file-client --port 7000 put big.iso            # stored as big.iso
//   proactor-file-client --port 7000 get big.iso copy.iso
//   proactor-file-client --port 7000 list
//
// Progress goes to stderr: a bar on a terminal, plain lines otherwise. Run an interrupted put
// or get again to resume it. Exits 0 only when the command completed and the transfer was
// verified (SHA-256 end to end); 1 on a transfer, verification or server error (one line on
// stderr); 2 on a bad command line.
#include "common/messages.hpp"
#include "file/file_client_options.hpp"
#include "file/get_client.hpp"
#include "file/list_client.hpp"
#include "file/put_client.hpp"

#include <csignal>
#include <exception>

int main(int argc, char* argv[])
{
  const auto options = proactor::file::parse_file_client_flags(argc, argv);
  if (!options) return options.exit_code();
  // A write past a file size limit then fails with EFBIG and is reported, not fatal.
  std::signal(SIGXFSZ, SIG_IGN);

  using proactor::file::Command;
  try {
    switch (options->command) {
      case Command::put:
        return proactor::file::PutClient{*options}.run();
      case Command::get:
        return proactor::file::GetClient{*options}.run();
      case Command::list:
        return proactor::file::ListClient{*options}.run();
    }
  } catch (const std::exception& e) {
    proactor::apps::print_error(options->program, e.what());
  }
  return 1;
}
