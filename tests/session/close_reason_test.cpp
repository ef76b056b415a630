#include <proactor/session/close_reason.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace proactor {
namespace close_reason_test {  // a unity build puts several test files in one unit
namespace {

TEST(CloseReason, EveryReasonHasADistinctName)
{
  std::set<std::string> names;
  for (std::size_t i = 0; i < kCloseReasonCount; ++i) {
    const auto name = to_string(static_cast<CloseReason>(i));
    EXPECT_NE(name, "unknown");
    names.emplace(name);
  }
  EXPECT_EQ(names.size(), kCloseReasonCount);
}

TEST(CloseReason, OnlyCleanEndingsAreNormal)
{
  EXPECT_TRUE(is_normal(CloseReason::peer_closed));
  EXPECT_TRUE(is_normal(CloseReason::local_close));
  EXPECT_TRUE(is_normal(CloseReason::server_stopping));
  EXPECT_FALSE(is_normal(CloseReason::io_error));
  EXPECT_FALSE(is_normal(CloseReason::protocol_error));
  EXPECT_FALSE(is_normal(CloseReason::idle_timeout));
  EXPECT_FALSE(is_normal(CloseReason::frame_timeout));
  EXPECT_FALSE(is_normal(CloseReason::write_overflow));
  EXPECT_FALSE(is_normal(CloseReason::handshake_failed));
  EXPECT_FALSE(is_normal(CloseReason::handshake_timeout));
}

}  // namespace
}  // namespace close_reason_test
}  // namespace proactor
