// The build of this test compiles one generated translation unit per public server header,
// each including only that header: a header that misses an include fails to build here.

#include <gtest/gtest.h>

namespace {

TEST(ServerHeaders, EachPublicHeaderCompilesOnItsOwn)
{
  SUCCEED();
}

}  // namespace
