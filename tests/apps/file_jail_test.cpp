// The server's root jail: the name rules with strings, then FileRoot on real directories with
// symbolic links pointing out of the root, into it, and through its directories.
#include "file/file_name.hpp"
#include "file/file_root.hpp"
#include "file_test_support.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace proactor::test {
namespace file_jail_test {  // a unity build puts several test files in one unit
namespace {

using file::ErrorCode;
using file::FileError;
using file::FileRoot;
using file::name_problem;
using file::PartialFile;
using file::UniqueFd;

TEST(FileNames, AcceptsRelativeNamesWithDirectories)
{
  for (const char* name : {"a", "a.bin", "dir/a.bin", "d1/d2/d3/x", ".hidden", "a..b", "...",
                           "name with spaces", "\xc3\xa9t\xc3\xa9.txt", "x.part.bin"})
    EXPECT_EQ(name_problem(name), std::nullopt) << name;
}

TEST(FileNames, RefusesEscapesAndOddities)
{
  std::vector<std::string> names;
  for (const char* name :
       {"", "/etc/passwd", "/", "..", "../x", "a/../../x", "a/..", "./a", "a/./b", "a//b", "a/",
        "tab\there", "nl\n", "back\\slash", "del\x7f", "x.part", "dir/y.part"})
    names.emplace_back(name);
  names.emplace_back("nul\0byte", 8);
  names.emplace_back(1025, 'a');
  names.emplace_back(256, 'b').append("/c");
  for (const std::string& name : names) EXPECT_NE(name_problem(name), std::nullopt) << name;
  EXPECT_EQ(name_problem("../x"), "'..' components are not allowed");
  EXPECT_EQ(name_problem("/x"), "absolute paths are not allowed");
}

TEST(FileNames, SplitsBaseNamesAndMakesTextPrintable)
{
  EXPECT_EQ(file::split_name("a/b/c"), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(file::base_name("dir/x.bin"), "x.bin");
  EXPECT_EQ(file::base_name("x.bin"), "x.bin");
  EXPECT_EQ(file::base_name("dir/"), "");
  EXPECT_EQ(file::printable("a\x1b[31mb\n"), "a?[31mb?");
  EXPECT_EQ(file::printable("abcdef", 3), "abc...");
}

// A root with a file, a subdirectory, and a secret outside it.
class FileJail : public ::testing::Test
{
 protected:
  FileJail()
  {
    fs::create_directories(dir / "root/sub");
    write_text(dir / "root/a.txt", "inside");
    write_text(dir / "root/sub/b.txt", "deeper");
    write_text(dir / "secret.txt", "outside");
  }

  FileError open(const std::string& name, std::string* contents = nullptr)
  {
    UniqueFd fd;
    FileError error = root.open_for_reading(name, fd);
    if (!error && contents) {
      char buffer[64];
      const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
      contents->assign(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
    }
    return error;
  }

  TempDir dir;
  FileRoot root{(fs::create_directories(dir / "root"), (dir / "root").string())};
};

TEST_F(FileJail, OpensFilesInsideTheRoot)
{
  std::string contents;
  EXPECT_FALSE(open("a.txt", &contents));
  EXPECT_EQ(contents, "inside");
  EXPECT_FALSE(open("sub/b.txt", &contents));
  EXPECT_EQ(contents, "deeper");
}

TEST_F(FileJail, RefusesDotDotAndAbsolutePathsBeforeTouchingTheDisk)
{
  EXPECT_EQ(open("../secret.txt").code, ErrorCode::invalid_name);
  EXPECT_EQ(open("sub/../../secret.txt").code, ErrorCode::invalid_name);
  EXPECT_EQ(open((dir / "secret.txt").string()).code, ErrorCode::invalid_name);
}

TEST_F(FileJail, RefusesSymbolicLinksOutOfTheRoot)
{
  fs::create_symlink(dir / "secret.txt", dir / "root/link.txt");
  fs::create_directory_symlink(dir.path(), dir / "root/up");
  const FileError file_link = open("link.txt");
  EXPECT_EQ(file_link.code, ErrorCode::forbidden);
  EXPECT_EQ(file_link.text, "'link.txt' is a symbolic link");
  const FileError dir_link = open("up/secret.txt");
  EXPECT_EQ(dir_link.code, ErrorCode::forbidden);
  EXPECT_EQ(dir_link.text, "'up/secret.txt' leads through a symbolic link ('up')");
}

TEST_F(FileJail, RefusesSymbolicLinksEvenWhenTheyStayInside)
{
  fs::create_symlink("a.txt", dir / "root/alias.txt");
  fs::create_directory_symlink("sub", dir / "root/subalias");
  EXPECT_EQ(open("alias.txt").code, ErrorCode::forbidden);
  EXPECT_EQ(open("subalias/b.txt").code, ErrorCode::forbidden);
}

TEST_F(FileJail, ReportsMissingFilesAndThingsThatAreNotFiles)
{
  EXPECT_EQ(open("missing.txt").code, ErrorCode::not_found);
  EXPECT_EQ(open("missing.txt").text, "no such file: 'missing.txt'");
  EXPECT_EQ(open("nodir/x").code, ErrorCode::not_found);
  EXPECT_EQ(open("sub").code, ErrorCode::forbidden);
  EXPECT_EQ(open("a.txt/x").code, ErrorCode::forbidden);  // a file used as a directory
  // A FIFO must be refused without blocking the opening thread.
  ASSERT_EQ(::mkfifo((dir / "root/fifo").c_str(), 0600), 0);
  EXPECT_EQ(open("fifo").code, ErrorCode::forbidden);
}

TEST_F(FileJail, PartialsAreCreatedWithTheirDirectoriesAndCommitted)
{
  PartialFile partial;
  ASSERT_FALSE(root.open_partial("new/dir/c.bin", partial));
  EXPECT_TRUE(fs::is_regular_file(dir / "root/new/dir/c.bin.part"));
  ASSERT_EQ(::write(partial.file.get(), "xyz", 3), 3);
  ASSERT_FALSE(FileRoot::commit(partial, "new/dir/c.bin"));
  EXPECT_EQ(read_text(dir / "root/new/dir/c.bin"), "xyz");
  EXPECT_FALSE(fs::exists(dir / "root/new/dir/c.bin.part"));

  PartialFile again;
  ASSERT_FALSE(root.open_partial("a.txt", again));
  FileRoot::discard(again);
  EXPECT_FALSE(fs::exists(dir / "root/a.txt.part"));
  EXPECT_EQ(read_text(dir / "root/a.txt"), "inside");
}

TEST_F(FileJail, PartialsRefuseLinksAndNonFiles)
{
  fs::create_directory_symlink(dir.path(), dir / "root/up");
  fs::create_symlink(dir / "secret.txt", dir / "root/link.txt");
  fs::create_symlink(dir / "secret.txt", dir / "root/planted.txt.part");
  PartialFile partial;
  EXPECT_EQ(root.open_partial("up/x.bin", partial).code, ErrorCode::forbidden);
  EXPECT_FALSE(fs::exists(dir / "x.bin.part"));
  EXPECT_EQ(root.open_partial("link.txt", partial).code, ErrorCode::forbidden);
  EXPECT_EQ(root.open_partial("planted.txt", partial).code, ErrorCode::forbidden);
  EXPECT_EQ(read_text(dir / "secret.txt"), "outside");
  EXPECT_EQ(root.open_partial("sub", partial).code, ErrorCode::forbidden);
  EXPECT_EQ(root.open_partial("../x", partial).code, ErrorCode::invalid_name);
}

TEST_F(FileJail, ListsRegularFilesOnlySortedWithSizes)
{
  fs::create_symlink(dir / "secret.txt", dir / "root/link.txt");
  fs::create_directory_symlink(dir.path(), dir / "root/up");
  write_text(dir / "root/half.bin.part", "partial");
  write_text(dir / "root/sub/c.bin", "12345");
  const auto entries = root.list(100);
  EXPECT_EQ(entries,
            (std::vector<file::ListEntry>{{"a.txt", 6}, {"sub/b.txt", 6}, {"sub/c.bin", 5}}));
  EXPECT_EQ(root.list(1).size(), 1u);
}

TEST(FileRootSetup, ThrowsWhenTheRootIsNotADirectory)
{
  TempDir dir;
  write_text(dir / "file", "x");
  EXPECT_THROW(FileRoot{(dir / "file").string()}, std::system_error);
  EXPECT_THROW(FileRoot{(dir / "missing").string()}, std::system_error);
}

}  // namespace
}  // namespace file_jail_test
}  // namespace proactor::test
