// The build of this test compiles one generated translation unit per public tls header,
// each including only that header: a header that misses an include fails to build here.

#include <gtest/gtest.h>

namespace {

TEST(TlsHeaders, EachPublicHeaderCompilesOnItsOwn)
{
  SUCCEED();
}

}  // namespace
