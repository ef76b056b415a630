// A room flooded through the real programs: proactor-chat-server, three proactor-chat-client
// readers and one proactor-chat-client whose stdin carries 40,000 numbered lines of 900
// bytes. The flooder must finish and exit 0 (the server answered its last ping, so it has
// handled every line), and every reader must print every line, in order, still connected:
// a server that cannot keep up with a sender slows the sender down instead of dropping what
// readers that do read are owed. With the server's defaults, with logic threads, and with
// two I/O threads.
#include "app_process.hpp"
#include "loopback_client.hpp"
#include "process.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace proactor::test {
namespace chat_flood_programs_test {  // a unity build puts several test files in one unit
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kServer = "proactor-chat-server";
constexpr std::string_view kClient = "proactor-chat-client";
constexpr int kReaders = 3;
// 36 MB to every reader. Sanitizers slow every byte's trip through the programs several
// times over, so they send a fifth of it through the very same paths.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr int kLines = 8'000;
#else
constexpr int kLines = 40'000;
#endif
constexpr std::size_t kLineBytes = 900;
// How a client prints one of the flooder's lines.
constexpr std::string_view kPrefix = "[flood] flooder: ";
// The flooder's whole run, from its start to its exit.
constexpr milliseconds kFloodDeadline = 120s;
// Once the flooder is done, how long the readers get to print what is still on its way: at
// most this long, and no longer than kQuiet after the last line a reader printed.
constexpr milliseconds kCatchUpDeadline = 30s;
constexpr milliseconds kQuiet = 5s;
// Feeds the flooder's stdin this much at a time.
constexpr std::size_t kFeedChunk = 64 * 1024;

#ifdef SIGKILL
constexpr int kKill = SIGKILL;
#else
constexpr int kKill = SIGABRT;  // Windows: any signal but SIGINT and SIGTERM ends the child
#endif

milliseconds remaining(Clock::time_point deadline)
{
  return std::max(milliseconds::zero(), std::chrono::ceil<milliseconds>(deadline - Clock::now()));
}

// Line `i` of the flood: its number in six digits, then letters that depend on it, 900 bytes.
std::string flood_line(int i)
{
  char number[16];
  std::snprintf(number, sizeof number, "%06d", i);
  std::string line = number;
  line.reserve(kLineBytes);
  for (std::size_t k = line.size(); k < kLineBytes; ++k)
    line += static_cast<char>('a' + (static_cast<std::size_t>(i) + k) % 26);
  return line;
}

// What one client printed of the flood, checked line by line as it arrives.
struct Tally
{
  int received = 0;                  // flood lines printed intact, each after the one before
  int next = 0;                      // one past the highest line number seen
  std::optional<int> first_missing;  // the first number skipped over
  int out_of_order = 0;              // lines after a higher number, garbled or unknown
  std::vector<std::string> notices;  // every other line ("! error: ...", "* x left flood")

  void add(std::string_view line)
  {
    if (!line.starts_with(kPrefix)) {
      notices.emplace_back(line);
      return;
    }
    const std::string_view text = line.substr(kPrefix.size());
    int number = -1;
    if (text.size() < 6 ||
        std::from_chars(text.data(), text.data() + 6, number).ptr != text.data() + 6 ||
        number < next || number >= kLines || text != flood_line(number)) {
      ++out_of_order;
      return;
    }
    if (number > next && !first_missing) first_missing = next;
    ++received;
    next = number + 1;
  }

  bool saw_last() const { return next == kLines; }
  bool complete() const { return received == kLines && out_of_order == 0; }
};

std::ostream& operator<<(std::ostream& out, const Tally& tally)
{
  out << tally.received << " of " << kLines << " lines in order";
  if (tally.first_missing) out << ", the first missing #" << *tally.first_missing;
  if (tally.next < kLines) out << ", none after #" << tally.next - 1;
  if (tally.out_of_order > 0) out << ", " << tally.out_of_order << " out of order or garbled";
  int shown = 0;
  for (const std::string& notice : tally.notices) {
    if (notice.ends_with(" joined flood") || ++shown > 5) continue;
    out << "; printed '" << notice << "'";
  }
  return out;
}

// A reader: a client that joined the room, stays after its stdin's end (closed at once)
// and prints every event. Once watched, a thread of its own owns the process and tallies
// what it prints until it printed the last line, its output ended, or the deadline passed
// (once catching up: or it printed nothing for kQuiet).
class Reader
{
 public:
  Reader(std::uint16_t port, std::string nick) : nick_(std::move(nick))
  {
    process_.start(bin_path(kClient), {"--port", std::to_string(port), "--nick", nick_, "--room",
                                       "flood", "--keep-open"});
    process_.close_stdin();
    const auto greeting = process_.read_line(kDeadline).value_or("<no line>");
    EXPECT_TRUE(greeting.starts_with("* Welcome to proactor chat.")) << greeting;
    EXPECT_EQ(process_.read_line(kDeadline), "* you are now known as " + nick_);
    // From here on the server has it in the room.
    joined_ = process_.read_line(kDeadline) == "* " + nick_ + " joined flood";
  }
  ~Reader()
  {
    until_ = Clock::now();
    if (thread_.joinable()) thread_.join();
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  const std::string& nick() const { return nick_; }
  bool joined() const { return joined_; }

  void watch(Clock::time_point until)
  {
    until_ = until;
    thread_ = std::thread([this] { tally_lines(); });
  }
  // The flood is over: at most until `until`, and while lines keep coming.
  void catch_up(Clock::time_point until)
  {
    until_ = until;
    catching_up_ = true;
  }
  // Waits for the watching thread; the process is the caller's again.
  const Tally& finish()
  {
    thread_.join();
    return tally_;
  }
  ChildProcess& process() { return process_; }

 private:
  void tally_lines()
  {
    auto last_line = Clock::now();
    for (;;) {
      const milliseconds left = remaining(until_.load());
      if (left == milliseconds::zero()) return;
      if (catching_up_ && Clock::now() - last_line >= kQuiet) return;
      // A slice at a time, so that a moved deadline counts.
      if (auto line = process_.read_line(std::min<milliseconds>(left, 1s))) {
        last_line = Clock::now();
        tally_.add(*line);
        if (tally_.saw_last()) return;
        continue;
      }
      if (process_.wait_exit(milliseconds::zero())) {
        // It exited (disconnected, say): what is still in the pipe, then the end.
        while (auto rest = process_.read_line(kDeadline)) tally_.add(*rest);
        return;
      }
    }
  }

  std::string nick_;
  bool joined_ = false;
  ChildProcess process_;
  Tally tally_;
  std::atomic<Clock::time_point> until_{Clock::now()};
  std::atomic<bool> catching_up_{false};
  std::thread thread_;
};

// The flooder: a client whose stdin carries /nick flooder, /join flood and the lines, fed
// by a thread of its own while the test reads what it prints (its own lines come back to it
// too), so that neither side waits for the other.
class Flooder
{
 public:
  // What the run left behind.
  struct Outcome
  {
    std::optional<int> exit_code;  // nullopt: still running at the deadline (then killed)
    std::string err;
    std::string feed_error;  // why feeding its stdin failed; empty if it did not
    Tally tally;             // of its own lines, as they came back
  };

  explicit Flooder(std::uint16_t port)
  {
    process_.start(bin_path(kClient), {"--port", std::to_string(port)});
    feeder_ = std::thread([this] { feed(); });
  }
  ~Flooder()
  {
    if (!feeder_.joinable()) return;
    // Killing it ends a feeder that is blocked on its stdin.
    if (!process_.wait_exit(milliseconds::zero())) process_.send_signal(kKill);
    feeder_.join();
  }
  Flooder(const Flooder&) = delete;
  Flooder& operator=(const Flooder&) = delete;

  // Tallies what it prints until its output ends or `deadline` passes, then waits for its exit.
  Outcome finish(Clock::time_point deadline)
  {
    Outcome outcome;
    while (auto line = process_.read_line(remaining(deadline))) outcome.tally.add(*line);
    outcome.exit_code = process_.wait_exit(remaining(deadline));
    if (!outcome.exit_code) process_.send_signal(kKill);
    feeder_.join();
    process_.wait_exit(kDeadline);
    outcome.err = process_.read_all_stderr(kDeadline);
    outcome.feed_error = feed_error_;
    return outcome;
  }

 private:
  void feed()
  {
    try {
      const auto deadline = Clock::now() + kFloodDeadline;
      std::string chunk = "/nick flooder\n/join flood\n";
      for (int i = 0; i < kLines; ++i) {
        chunk += flood_line(i);
        chunk += '\n';
        if (chunk.size() < kFeedChunk && i + 1 < kLines) continue;
        process_.write_stdin(chunk, remaining(deadline));
        chunk.clear();
      }
      process_.close_stdin();
    } catch (const std::exception& e) {
      feed_error_ = e.what();
    }
  }

  ChildProcess process_;
  std::string feed_error_;  // the feeder's until it is joined
  std::thread feeder_;
};

struct ServerSetup
{
  const char* name;
  std::vector<std::string> args;
};

// How ctest and failure messages name a setup.
void PrintTo(const ServerSetup& setup, std::ostream* out)
{
  *out << setup.name;
}

class ChatFloodPrograms : public ::testing::TestWithParam<ServerSetup>
{};

TEST_P(ChatFloodPrograms, EveryReaderPrintsEveryLineInOrderAndNobodyIsCutOff)
{
  ServerProcess server(kServer, GetParam().args);
  ASSERT_NE(server.port, 0);
  std::vector<std::unique_ptr<Reader>> readers;
  for (int i = 1; i <= kReaders; ++i) {
    readers.push_back(std::make_unique<Reader>(server.port, "reader" + std::to_string(i)));
    ASSERT_TRUE(readers.back()->joined()) << readers.back()->nick();
  }
  // Every reader is in the room before the flooder joins it: each is owed every line.
  const auto started = Clock::now();
  for (const auto& reader : readers) reader->watch(started + kFloodDeadline + kCatchUpDeadline);

  Flooder flooder(server.port);
  const Flooder::Outcome flood = flooder.finish(started + kFloodDeadline);
  const auto flood_time = Clock::now() - started;
  EXPECT_EQ(flood.exit_code, 0) << flood.err;
  EXPECT_EQ(flood.err, "");
  EXPECT_EQ(flood.feed_error, "");
  EXPECT_TRUE(flood.tally.complete()) << "the flooder's own lines: " << flood.tally;

  // The server has handled every line; what readers are owed is on its way to them.
  for (const auto& reader : readers) reader->catch_up(Clock::now() + kCatchUpDeadline);
  std::string counts;
  for (const auto& reader : readers) {
    const Tally& tally = reader->finish();
    EXPECT_TRUE(tally.complete()) << reader->nick() << ": " << tally;
    counts += (counts.empty() ? "" : ", ") + std::to_string(tally.received);
    if (const auto code = reader->process().wait_exit(milliseconds::zero()))
      ADD_FAILURE() << reader->nick() << " was cut off (exit " << *code
                    << "): " << reader->process().read_all_stderr(kDeadline);
  }
  std::cout << GetParam().name << ": " << kLines << " lines of " << kLineBytes << " B in "
            << std::chrono::duration_cast<milliseconds>(flood_time).count()
            << " ms; the readers printed " << counts << ", the flooder " << flood.tally.received
            << '\n';
  server.stop_and_expect_clean_exit();
}

// "default", "logic_threads_2", ...
std::string setup_name(const ::testing::TestParamInfo<ServerSetup>& param)
{
  return param.param.name;
}

INSTANTIATE_TEST_SUITE_P(ServerArgs, ChatFloodPrograms,
                         ::testing::Values(ServerSetup{"default", {}},
                                           ServerSetup{"logic_threads_2", {"--logic-threads", "2"}},
                                           ServerSetup{"threads_2", {"--threads", "2"}}),
                         setup_name);

}  // namespace
}  // namespace chat_flood_programs_test
}  // namespace proactor::test
