#include "file/file_root.hpp"

#include "file/file_io.hpp"
#include "file/file_name.hpp"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace proactor::file {
namespace {

// Deeper trees are not listed further: a bound on the descriptors one walk holds.
constexpr int kMaxListDepth = 32;

// O_NONBLOCK: a FIFO planted under the root must not hang the opening thread; for regular
// files (the only kind served) it changes nothing.
constexpr int kOpenRead = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
constexpr int kOpenPartial = O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
constexpr int kOpenDirectory = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

FileError failure(ErrorCode code, std::string text)
{
  return FileError{code, std::move(text)};
}

// An open or stat of `what` (inside `name`) failed with `error_number`.
FileError io_failure(int error_number, std::string_view doing, std::string_view name)
{
  if (error_number == ENOENT) return failure(ErrorCode::not_found, "no such file: " + quoted(name));
  return failure(code_for_errno(error_number), "cannot " + std::string(doing) + " " + quoted(name) +
                                                   ": " + errno_text(error_number));
}

bool is_link(int directory, const std::string& component)
{
  struct stat st
  {};
  return ::fstatat(directory, component.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
         S_ISLNK(st.st_mode);
}

FileError check_regular(int fd, std::string_view name)
{
  struct stat st
  {};
  if (::fstat(fd, &st) != 0) return io_failure(errno, "inspect", name);
  if (!S_ISREG(st.st_mode))
    return failure(ErrorCode::forbidden, quoted(name) + " is not a regular file");
  return {};
}

struct CloseDir
{
  void operator()(DIR* dir) const noexcept { ::closedir(dir); }
};

void walk(int directory, const std::string& prefix, int depth, std::size_t max_entries,
          std::vector<ListEntry>& out)
{
  // A fresh open of "." has an offset of its own, so concurrent listings do not share one.
  const int fd = ::openat(directory, ".", kOpenDirectory);
  if (fd < 0) return;
  const std::unique_ptr<DIR, CloseDir> dir(::fdopendir(fd));
  if (!dir) {
    ::close(fd);
    return;
  }
  while (const dirent* entry = ::readdir(dir.get())) {
    if (out.size() >= max_entries) return;
    const std::string_view component = entry->d_name;
    if (component == "." || component == "..") continue;
    struct stat st
    {};
    if (::fstatat(::dirfd(dir.get()), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    const std::string name = prefix + entry->d_name;
    if (S_ISDIR(st.st_mode) && depth < kMaxListDepth) {
      const UniqueFd child(::openat(::dirfd(dir.get()), entry->d_name, kOpenDirectory));
      if (child) walk(child.get(), name + "/", depth + 1, max_entries, out);
    } else if (S_ISREG(st.st_mode) && !name_problem(name)) {
      out.push_back(ListEntry{name, static_cast<std::uint64_t>(st.st_size)});
    }
  }
}

}  // namespace

FileRoot::FileRoot(const std::string& path)
    : root_(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC))
{
  if (!root_) throw std::system_error(errno, std::generic_category(), path);
}

FileError FileRoot::open_directory(std::string_view name, const std::vector<std::string_view>& dirs,
                                   bool create, UniqueFd& out) const
{
  UniqueFd current(::openat(root_.get(), ".", kOpenDirectory));
  if (!current) return io_failure(errno, "open the root for", name);
  for (const std::string_view part : dirs) {
    const std::string component(part);
    int fd = ::openat(current.get(), component.c_str(), kOpenDirectory);
    if (fd < 0 && errno == ENOENT && create) {
      // EEXIST: another upload made it in between; the open below judges what is there.
      if (::mkdirat(current.get(), component.c_str(), 0755) != 0 && errno != EEXIST)
        return io_failure(errno, "create a directory for", name);
      fd = ::openat(current.get(), component.c_str(), kOpenDirectory);
    }
    if (fd < 0) {
      const int error_number = errno;
      if (is_link(current.get(), component))
        return failure(ErrorCode::forbidden,
                       quoted(name) + " leads through a symbolic link (" + quoted(part) + ")");
      if (error_number == ENOTDIR)
        return failure(ErrorCode::forbidden,
                       quoted(name) + " leads through " + quoted(part) + ", not a directory");
      return io_failure(error_number, "open a directory of", name);
    }
    current.reset(fd);
  }
  out = std::move(current);
  return {};
}

FileError FileRoot::open_for_reading(std::string_view name, UniqueFd& out) const
{
  if (const auto problem = name_problem(name))
    return failure(ErrorCode::invalid_name, "invalid name " + quoted(name) + ": " + *problem);
  auto parts = split_name(name);
  const std::string base(parts.back());
  parts.pop_back();
  UniqueFd directory;
  if (FileError error = open_directory(name, parts, false, directory)) return error;

  UniqueFd file(::openat(directory.get(), base.c_str(), kOpenRead));
  if (!file) {
    const int error_number = errno;
    if (error_number == ELOOP || is_link(directory.get(), base))
      return failure(ErrorCode::forbidden, quoted(name) + " is a symbolic link");
    return io_failure(error_number, "open", name);
  }
  if (FileError error = check_regular(file.get(), name)) return error;
  out = std::move(file);
  return {};
}

FileError FileRoot::open_partial(std::string_view name, PartialFile& out) const
{
  if (const auto problem = name_problem(name))
    return failure(ErrorCode::invalid_name, "invalid name " + quoted(name) + ": " + *problem);
  auto parts = split_name(name);
  PartialFile partial;
  partial.base = std::string(parts.back());
  parts.pop_back();
  if (FileError error = open_directory(name, parts, true, partial.directory)) return error;

  // What the upload will replace must be a plain file (or nothing yet).
  struct stat st
  {};
  if (::fstatat(partial.directory.get(), partial.base.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (S_ISLNK(st.st_mode))
      return failure(ErrorCode::forbidden, quoted(name) + " is a symbolic link");
    if (!S_ISREG(st.st_mode))
      return failure(ErrorCode::forbidden, quoted(name) + " exists and is not a regular file");
  } else if (errno != ENOENT) {
    return io_failure(errno, "inspect", name);
  }

  const std::string part = partial_name(partial.base);
  partial.file.reset(::openat(partial.directory.get(), part.c_str(), kOpenPartial, 0644));
  if (!partial.file) {
    const int error_number = errno;
    if (error_number == ELOOP || is_link(partial.directory.get(), part))
      return failure(ErrorCode::forbidden, quoted(partial_name(name)) + " is a symbolic link");
    return io_failure(error_number, "create", partial_name(name));
  }
  if (FileError error = check_regular(partial.file.get(), partial_name(name))) return error;
  out = std::move(partial);
  return {};
}

FileError FileRoot::commit(const PartialFile& partial, std::string_view name)
{
  const std::string part = partial_name(partial.base);
  if (::renameat(partial.directory.get(), part.c_str(), partial.directory.get(),
                 partial.base.c_str()) != 0)
    return io_failure(errno, "rename the partial upload to", name);
  // The rename itself must survive a crash, not only the bytes.
  if (::fsync(partial.directory.get()) != 0 && errno != EINVAL)
    return io_failure(errno, "sync the directory of", name);
  return {};
}

void FileRoot::discard(const PartialFile& partial)
{
  const std::string part = partial_name(partial.base);
  ::unlinkat(partial.directory.get(), part.c_str(), 0);
}

std::vector<ListEntry> FileRoot::list(std::size_t max_entries) const
{
  std::vector<ListEntry> entries;
  walk(root_.get(), "", 0, max_entries, entries);
  std::sort(entries.begin(), entries.end(),
            [](const ListEntry& a, const ListEntry& b) { return a.name < b.name; });
  return entries;
}

}  // namespace proactor::file
