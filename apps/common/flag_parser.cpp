#include "common/flag_parser.hpp"

#include <proactor/session/io_backend.hpp>

#include <algorithm>
#include <charconv>
#include <limits>
#include <ostream>
#include <sstream>

namespace proactor::apps {
namespace {

// A unit suffix and how many base units it stands for.
struct Unit
{
  std::string_view suffix;
  std::uint64_t scale;
};

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = kKiB * 1024;
constexpr std::uint64_t kGiB = kMiB * 1024;

constexpr Unit kByteUnits[] = {
    {"", 1},     {"B", 1},      {"K", kKiB}, {"KiB", kKiB},
    {"M", kMiB}, {"MiB", kMiB}, {"G", kGiB}, {"GiB", kGiB},
};

constexpr Unit kDurationUnits[] = {
    {"", 1000}, {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000},
};

// A non-empty run of decimal digits and nothing else; no sign, no spaces.
std::optional<std::uint64_t> parse_unsigned(std::string_view text)
{
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || stop != end) return std::nullopt;
  return value;
}

// Digits followed by one of `units`; nullopt if malformed or if the product overflows `max`.
template <std::size_t N>
std::optional<std::uint64_t> parse_with_unit(std::string_view text, const Unit (&units)[N],
                                             std::uint64_t max)
{
  const auto digits_end =
      std::find_if(text.begin(), text.end(), [](char c) { return c < '0' || c > '9'; });
  const auto digit_count = static_cast<std::size_t>(digits_end - text.begin());
  const std::string_view suffix = text.substr(digit_count);
  const auto unit = std::find_if(std::begin(units), std::end(units),
                                 [suffix](const Unit& u) { return u.suffix == suffix; });
  if (unit == std::end(units)) return std::nullopt;
  const auto value = parse_unsigned(text.substr(0, digit_count));
  if (!value || *value > max / unit->scale) return std::nullopt;
  return *value * unit->scale;
}

std::string range_error(std::uint64_t min, std::uint64_t max)
{
  if (max == std::numeric_limits<std::size_t>::max())
    return "must be at least " + std::to_string(min);
  return "must be between " + std::to_string(min) + " and " + std::to_string(max);
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text)
{
  using Rep = std::chrono::milliseconds::rep;
  const auto max = static_cast<std::uint64_t>(std::numeric_limits<Rep>::max());
  const auto ms = parse_with_unit(text, kDurationUnits, max);
  if (!ms) return std::nullopt;
  return std::chrono::milliseconds(static_cast<Rep>(*ms));
}

std::optional<std::size_t> parse_bytes(std::string_view text)
{
  const auto bytes = parse_with_unit(text, kByteUnits, std::numeric_limits<std::size_t>::max());
  if (!bytes) return std::nullopt;
  return static_cast<std::size_t>(*bytes);
}

std::string format_duration(std::chrono::milliseconds duration)
{
  const auto ms = duration.count();
  if (ms == 0) return "0";
  if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::string format_bytes(std::size_t bytes)
{
  if (bytes == 0) return "0";
  if (bytes % kGiB == 0) return std::to_string(bytes / kGiB) + "GiB";
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + "MiB";
  if (bytes % kKiB == 0) return std::to_string(bytes / kKiB) + "KiB";
  return std::to_string(bytes);
}

FlagParser::FlagParser(std::string program, std::string summary)
    : program_(std::move(program)), summary_(std::move(summary))
{}

void FlagParser::add_string(std::string name, std::string& target, std::string value_name,
                            std::string help)
{
  add_option(std::move(name), std::move(value_name), std::move(help), target,
             [&target](std::string_view text) -> std::optional<std::string> {
               target = text;
               return std::nullopt;
             });
}

void FlagParser::add_port(std::string name, std::uint16_t& target, std::string help,
                          std::uint16_t min_port)
{
  // A default below the minimum is no default at all: the flag is required.
  std::string default_text = target < min_port ? "" : std::to_string(target);
  add_option(std::move(name), "PORT", std::move(help), std::move(default_text),
             [&target, min_port](std::string_view text) -> std::optional<std::string> {
               const auto value = parse_unsigned(text);
               if (!value) return "expected a port number";
               if (*value < min_port || *value > 65535) return range_error(min_port, 65535);
               target = static_cast<std::uint16_t>(*value);
               return std::nullopt;
             });
}

void FlagParser::add_count(std::string name, std::size_t& target, std::string help, std::size_t min,
                           std::size_t max)
{
  add_option(std::move(name), "N", std::move(help), std::to_string(target),
             [&target, min, max](std::string_view text) -> std::optional<std::string> {
               const auto value = parse_unsigned(text);
               if (!value) return "expected a whole number";
               if (*value < min || *value > max) return range_error(min, max);
               target = static_cast<std::size_t>(*value);
               return std::nullopt;
             });
}

void FlagParser::add_bytes(std::string name, std::size_t& target, std::string help, std::size_t min,
                           std::size_t max)
{
  add_option(std::move(name), "BYTES", std::move(help), format_bytes(target),
             [&target, min, max](std::string_view text) -> std::optional<std::string> {
               const auto value = parse_bytes(text);
               if (!value) return "expected a size in bytes, e.g. 4096, 64K or 1M";
               if (*value < min || *value > max) return range_error(min, max);
               target = *value;
               return std::nullopt;
             });
}

void FlagParser::add_duration(std::string name, std::chrono::milliseconds& target, std::string help)
{
  add_option(std::move(name), "DURATION", std::move(help), format_duration(target),
             [&target](std::string_view text) -> std::optional<std::string> {
               const auto value = parse_duration(text);
               if (!value) return "expected a duration, e.g. 500ms, 30s or 5m";
               target = *value;
               return std::nullopt;
             });
}

void FlagParser::add_flag(std::string name, bool& target, std::string help)
{
  add_option(std::move(name), "", std::move(help), "",
             [&target](std::string_view) -> std::optional<std::string> {
               target = true;
               return std::nullopt;
             });
}

void FlagParser::add_option(std::string name, std::string value_name, std::string help,
                            std::string default_text, Setter set)
{
  options_.push_back(Option{std::move(name), std::move(value_name), std::move(help),
                            std::move(default_text), std::move(set)});
}

void FlagParser::add_positional(std::string value_name, std::vector<std::string>& target,
                                std::string help, std::size_t min, std::size_t max)
{
  positional_ = &target;
  positional_name_ = std::move(value_name);
  positional_help_ = std::move(help);
  positional_min_ = min;
  positional_max_ = max;
}

FlagParser::Status FlagParser::parse(int argc, const char* const* argv)
{
  error_.clear();
  std::size_t positional_count = 0;
  bool flags_ended = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool is_flag = !flags_ended && arg.size() > 1 && arg.front() == '-';
    if (!is_flag) {
      if (!positional_ || positional_count == positional_max_)
        return fail_parse("unexpected argument '" + std::string(arg) + "'");
      positional_->emplace_back(arg);
      ++positional_count;
      continue;
    }
    if (arg == "--") {
      flags_ended = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") return Status::help;
    if (arg == "--version") return Status::version;
    if (const Status status = parse_flag(arg, i, argc, argv); status != Status::ok) return status;
  }
  if (positional_count < positional_min_) return fail_parse("missing argument " + positional_name_);
  return Status::ok;
}

FlagParser::Status FlagParser::parse_flag(std::string_view arg, int& i, int argc,
                                          const char* const* argv)
{
  if (!arg.starts_with("--")) return fail_parse("unknown flag '" + std::string(arg) + "'");
  const std::string_view body = arg.substr(2);
  const std::size_t equals = body.find('=');
  const std::string_view name = body.substr(0, equals);
  const std::string flag = "--" + std::string(name);

  Option* option = find(name);
  if (!option) return fail_parse("unknown flag '" + flag + "'");

  std::string_view value;
  if (option->value_name.empty()) {
    if (equals != std::string_view::npos) return fail_parse("flag '" + flag + "' takes no value");
  } else if (equals != std::string_view::npos) {
    value = body.substr(equals + 1);
  } else {
    // "--host --port 1" is a forgotten value, not a host named "--port".
    const bool has_next = i + 1 < argc && !std::string_view(argv[i + 1]).starts_with("--");
    if (!has_next) return fail_parse("missing value for '" + flag + "'");
    value = argv[++i];
  }

  if (auto problem = option->set(value))
    return fail_parse("invalid value '" + std::string(value) + "' for '" + flag + "': " + *problem);
  option->seen = true;
  return Status::ok;
}

std::optional<int> FlagParser::parse_or_exit(int argc, const char* const* argv, std::ostream& out,
                                             std::ostream& err)
{
  switch (parse(argc, argv)) {
    case Status::ok:
      return std::nullopt;
    case Status::help:
      out << usage() << std::flush;
      return 0;
    case Status::version:
      out << version() << std::endl;
      return 0;
    case Status::error:
      break;
  }
  return fail(error_, err);
}

int FlagParser::fail(std::string_view message, std::ostream& err) const
{
  err << program_ << ": " << message << " (try --help)" << std::endl;
  return kUsageExitCode;
}

bool FlagParser::seen(std::string_view name) const
{
  return std::any_of(options_.begin(), options_.end(),
                     [name](const Option& option) { return option.name == name && option.seen; });
}

std::string FlagParser::version() const
{
  return program_ + " " + PROACTOR_VERSION + " (" + std::string(io_backend()) + ")";
}

std::string FlagParser::usage() const
{
  std::vector<std::pair<std::string, std::string>> rows;
  for (const Option& option : options_) {
    std::string left = "--" + option.name;
    if (!option.value_name.empty()) left += " " + option.value_name;
    std::string right = option.help;
    if (!option.default_text.empty()) right += " (default: " + option.default_text + ")";
    rows.emplace_back(std::move(left), std::move(right));
  }
  rows.emplace_back("-h, --help", "print this help and exit");
  rows.emplace_back("--version", "print the version and the I/O backend, and exit");

  std::size_t width = positional_ ? positional_name_.size() : 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  width += 2;

  std::ostringstream out;
  out << "usage: " << program_ << " [flags]";
  if (positional_) out << ' ' << positional_name_ << (positional_max_ > 1 ? "..." : "");
  out << "\n\n" << summary_ << "\n";
  if (positional_) {
    out << "\narguments:\n  " << positional_name_
        << std::string(width - positional_name_.size(), ' ') << positional_help_ << '\n';
  }
  out << "\nflags:\n";
  for (const auto& [left, right] : rows)
    out << "  " << left << std::string(width - left.size(), ' ') << right << '\n';
  return out.str();
}

FlagParser::Option* FlagParser::find(std::string_view name)
{
  const auto it = std::find_if(options_.begin(), options_.end(),
                               [name](const Option& option) { return option.name == name; });
  return it == options_.end() ? nullptr : &*it;
}

FlagParser::Status FlagParser::fail_parse(std::string message)
{
  error_ = std::move(message);
  return Status::error;
}

}  // namespace proactor::apps
