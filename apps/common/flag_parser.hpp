#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace proactor::apps {

/// Exit code of a program stopped by a bad command line (the BSD `EX_USAGE` tradition of 2).
inline constexpr int kUsageExitCode = 2;

/// What parsing a command line into `Options` decided: run with the options, or stop now with
/// `exit_code()` (0 after `--help`, `kUsageExitCode` after a bad flag; the text is printed).
///
///   auto options = parse_server_flags(argc, argv, "proactor-echo-server", "...");
///   if (!options) return options.exit_code();
template <class Options>
class ParseResult
{
 public:
  /// The program runs with `options`.
  ParseResult(Options options) : options_(std::move(options)) {}  // implicit: `return options;`

  /// The program stops now and exits with `code`.
  static ParseResult exit(int code) { return ParseResult(code); }

  /// True when the program should run.
  explicit operator bool() const noexcept { return options_.has_value(); }
  /// The parsed options; only when `*this` is true.
  Options& operator*() noexcept { return *options_; }
  /// The parsed options; only when `*this` is true.
  const Options& operator*() const noexcept { return *options_; }
  /// The parsed options; only when `*this` is true.
  Options* operator->() noexcept { return &*options_; }
  /// The parsed options; only when `*this` is true.
  const Options* operator->() const noexcept { return &*options_; }
  /// The code to exit with when `*this` is false.
  int exit_code() const noexcept { return exit_code_; }

 private:
  explicit ParseResult(int code) : exit_code_(code) {}

  std::optional<Options> options_;
  int exit_code_ = 0;
};

/// A small, strict parser for `--name value`, `--name=value` and `--flag` command lines.
///
/// Each option is registered with the variable it writes; that variable's current value is
/// the default shown in the usage text. Unknown flags, missing values, malformed numbers and
/// values out of range are errors reported as one line; nothing throws out of `parse`. `--help`
/// (and `-h`) and `--version` are built in; `--` ends the flags. Not thread safe; one owner (main).
class FlagParser
{
 public:
  /// Turns a flag's text into its value: returns an error (e.g. "expected a number") or
  /// nullopt after storing the value.
  using Setter = std::function<std::optional<std::string>(std::string_view text)>;

  /// What `parse` found.
  enum class Status : std::uint8_t
  {
    /// Every argument was valid: run.
    ok,
    /// `--help` was given: print `usage()` and exit 0.
    help,
    /// `--version` was given: print `version()` and exit 0.
    version,
    /// An argument was wrong: `error()` says which.
    error,
  };

  /// A parser for `program` (the name error lines start with), described by `summary`.
  FlagParser(std::string program, std::string summary);

  /// `--name TEXT`: any text.
  void add_string(std::string name, std::string& target, std::string value_name, std::string help);
  /// `--name PORT`: a TCP/UDP port, 0..65535 (or `min_port`..65535).
  void add_port(std::string name, std::uint16_t& target, std::string help,
                std::uint16_t min_port = 0);
  /// `--name N`: an unsigned count within `min`..`max`.
  void add_count(std::string name, std::size_t& target, std::string help, std::size_t min = 0,
                 std::size_t max = SIZE_MAX);
  /// `--name BYTES`: a byte size within `min`..`max`; accepts suffixes K, M, G (also KiB,
  /// MiB, GiB; powers of 1024).
  void add_bytes(std::string name, std::size_t& target, std::string help, std::size_t min = 0,
                 std::size_t max = SIZE_MAX);
  /// `--name DURATION`: "500ms", "30s", "5m", "1h"; a plain number means seconds. 0 is allowed.
  void add_duration(std::string name, std::chrono::milliseconds& target, std::string help);
  /// `--name`: a switch without a value that sets `target` to true.
  void add_flag(std::string name, bool& target, std::string help);
  /// `--name VALUE` of any type: `set` converts and stores; `default_text` is shown in usage
  /// (empty: no default shown).
  void add_option(std::string name, std::string value_name, std::string help,
                  std::string default_text, Setter set);
  /// Accepts between `min` and `max` arguments that are not flags, appended to `target`.
  void add_positional(std::string value_name, std::vector<std::string>& target, std::string help,
                      std::size_t min = 0, std::size_t max = SIZE_MAX);

  /// Parses `argv[1..argc)`, writing values into the registered targets.
  Status parse(int argc, const char* const* argv);

  /// Parses like `parse`, then reports like a tool: returns nullopt when the program should
  /// run; prints the usage to `out` and returns 0 after `--help`; prints one line to `err`
  /// and returns `kUsageExitCode` after a bad argument.
  std::optional<int> parse_or_exit(int argc, const char* const* argv, std::ostream& out,
                                   std::ostream& err);

  /// Prints "<program>: <message> (try --help)" as one line to `err` and returns
  /// `kUsageExitCode`; for checks made after parsing (flags that conflict, ...).
  int fail(std::string_view message, std::ostream& err) const;

  /// Why the last `parse` failed, without the program name ("unknown flag '--bogus'").
  const std::string& error() const noexcept { return error_; }
  /// True when `--name` appeared on the command line (not just its default).
  bool seen(std::string_view name) const;
  /// The usage text: synopsis, summary and one line per flag with its default.
  std::string usage() const;
  /// The `--version` line: program, project version and the I/O backend Asio was built on,
  /// e.g. "proactor-echo-server 0.1.0 (epoll)".
  std::string version() const;
  /// The program name given at construction.
  const std::string& program() const noexcept { return program_; }

 private:
  struct Option
  {
    std::string name;
    std::string value_name;  // empty for switches
    std::string help;
    std::string default_text;
    Setter set;
    bool seen = false;
  };

  Option* find(std::string_view name);
  Status fail_parse(std::string message);
  Status parse_flag(std::string_view arg, int& i, int argc, const char* const* argv);

  std::string program_;
  std::string summary_;
  std::vector<Option> options_;
  std::vector<std::string>* positional_ = nullptr;
  std::string positional_name_;
  std::string positional_help_;
  std::size_t positional_min_ = 0;
  std::size_t positional_max_ = 0;
  std::string error_;
};

/// Parses a duration: "500ms", "30s", "5m", "1h", or a plain number of seconds.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
/// Parses a byte size: a plain number, or one with a K/M/G (KiB/MiB/GiB) suffix.
std::optional<std::size_t> parse_bytes(std::string_view text);
/// Formats a duration the way `parse_duration` reads it back ("30s", "500ms").
std::string format_duration(std::chrono::milliseconds duration);
/// Formats a byte size the way `parse_bytes` reads it back ("1MiB", "1000").
std::string format_bytes(std::size_t bytes);

}  // namespace proactor::apps
