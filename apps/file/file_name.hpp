#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The rules for remote names, without touching a file system: the first of two gates of the
// server's root jail (FileRoot is the second, which refuses symbolic links on the way).
namespace proactor::file {

/// What is wrong with `name` as a remote name, or nullopt when it is valid. Valid: 1 to
/// kMaxNameLength bytes of components separated by single '/', each 1 to
/// kMaxComponentLength bytes, none "." or "..", no leading or trailing '/', no byte below
/// 0x20, no 0x7f, no '\\', and the last component not ending in ".part" (kept for partial
/// uploads). Any thread.
std::optional<std::string> name_problem(std::string_view name);

/// The components of a valid `name` ("a/b.txt" -> "a", "b.txt"), viewing `name`. Any thread.
std::vector<std::string_view> split_name(std::string_view name);

/// The last component of a local path, for a default remote or local name ("dir/x.bin" ->
/// "x.bin"); empty when `path` ends in '/' or is empty. Any thread.
std::string base_name(std::string_view path);

/// `text` with every byte below 0x20 and 0x7f replaced by '?', cut to `max_length` bytes
/// ("..." marks a cut): safe to put in a message printed on a terminal. Any thread.
std::string printable(std::string_view text, std::size_t max_length = 200);

/// `printable(name)` in single quotes, the way every message names a file. Any thread.
std::string quoted(std::string_view name);

/// The partial file an upload of `name` writes to: `name` + ".part". Any thread.
std::string partial_name(std::string_view name);

}  // namespace proactor::file
