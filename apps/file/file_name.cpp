#include "file/file_name.hpp"

#include "file/file_protocol.hpp"

#include <algorithm>

namespace proactor::file {
namespace {

bool is_forbidden_byte(char c) noexcept
{
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f || c == '\\';
}

}  // namespace

std::optional<std::string> name_problem(std::string_view name)
{
  if (name.empty()) return "the name is empty";
  if (name.size() > kMaxNameLength)
    return "the name is longer than " + std::to_string(kMaxNameLength) + " bytes";
  if (name.front() == '/') return "absolute paths are not allowed";
  if (std::any_of(name.begin(), name.end(), is_forbidden_byte))
    return "the name holds a control character or a backslash";
  for (const std::string_view component : split_name(name)) {
    if (component.empty()) return "the name has an empty component ('//' or a trailing '/')";
    if (component == "." || component == "..")
      return "'" + std::string(component) + "' components are not allowed";
    if (component.size() > kMaxComponentLength)
      return "a component is longer than " + std::to_string(kMaxComponentLength) + " bytes";
  }
  if (name.ends_with(kPartialSuffix))
    return "names ending in '" + std::string(kPartialSuffix) + "' are kept for partial uploads";
  return std::nullopt;
}

std::vector<std::string_view> split_name(std::string_view name)
{
  std::vector<std::string_view> components;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = name.find('/', start);
    components.push_back(name.substr(start, slash - start));
    if (slash == std::string_view::npos) return components;
    start = slash + 1;
  }
}

std::string base_name(std::string_view path)
{
  const std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string quoted(std::string_view name)
{
  return "'" + printable(name) + "'";
}

std::string printable(std::string_view text, std::size_t max_length)
{
  const bool cut = text.size() > max_length;
  std::string out(cut ? text.substr(0, max_length) : text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) c = '?';
  }
  if (cut) out += "...";
  return out;
}

std::string partial_name(std::string_view name)
{
  return std::string(name) + std::string(kPartialSuffix);
}

}  // namespace proactor::file
