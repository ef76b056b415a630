#pragma once

// What the tests of the real file programs share: names, deadlines, a served directory and a
// client run with a deadline of the test's choosing.

#include "app_process.hpp"
#include "file_test_support.hpp"
#include "loopback_client.hpp"
#include "process.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace proactor::test {

inline constexpr std::string_view kFileServer = "proactor-file-server";
inline constexpr std::string_view kFileClient = "proactor-file-client";
inline constexpr std::uint64_t kMiB = 1024 * 1024;
/// Bounds each wait of a transfer of hundreds of MiB, sanitizers included.
inline constexpr std::chrono::milliseconds kLongDeadline{120'000};

/// Creates `dir`/root, the directory a test's server serves, and returns its path.
inline std::string make_root(const TempDir& dir)
{
  fs::create_directories(dir / "root");
  return (dir / "root").string();
}

/// The client's arguments for the server on `port`: --port first, then `args`.
inline std::vector<std::string> client_args(std::uint16_t port, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--port", std::to_string(port)});
  return args;
}

/// Runs the client against the server on `port` to its end; every wait bounded by `deadline`.
/// Progress goes to stderr in lines (stderr is a pipe), a dozen at most, so the pipe never
/// fills while stdout is read first.
inline Finished run_client(std::uint16_t port, std::vector<std::string> args,
                           std::chrono::milliseconds deadline = kDeadline)
{
  ChildProcess process;
  process.start(bin_path(kFileClient), client_args(port, std::move(args)));
  process.close_stdin();
  Finished result;
  result.out = process.read_all_stdout(deadline);
  result.err = process.read_all_stderr(deadline);
  result.exit_code = process.wait_exit(deadline);
  return result;
}

}  // namespace proactor::test
