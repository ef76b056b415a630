#include <proactor/net/error.hpp>
#include <proactor/session/close_state.hpp>

#include <gtest/gtest.h>

namespace proactor {
namespace close_state_test {  // a unity build puts several test files in one unit
namespace {

using detail::CloseState;
using Phase = CloseState::Phase;

TEST(CloseState, GracefulCloseWalksEveryPhase)
{
  CloseState state;
  EXPECT_TRUE(state.open());
  EXPECT_TRUE(state.accepts_frames());
  ASSERT_TRUE(state.begin_drain(CloseReason::local_close, {}));
  EXPECT_EQ(state.phase(), Phase::draining);
  EXPECT_TRUE(state.accepts_frames());  // queued replies still go out
  state.begin_linger();
  EXPECT_EQ(state.phase(), Phase::lingering);
  EXPECT_FALSE(state.accepts_frames());  // our FIN is out
  ASSERT_TRUE(state.close(CloseReason::io_error, {}));
  EXPECT_TRUE(state.closed());
  EXPECT_EQ(state.reason(), CloseReason::local_close);  // the first reason wins
}

TEST(CloseState, TheFirstReasonWins)
{
  CloseState state;
  ASSERT_TRUE(state.begin_drain(CloseReason::idle_timeout, error::idle_timeout));
  EXPECT_FALSE(state.begin_drain(CloseReason::local_close, {}));
  EXPECT_EQ(state.reason(), CloseReason::idle_timeout);
  EXPECT_EQ(state.error(), error::idle_timeout);
}

TEST(CloseState, AFailureDuringAGracefulCloseFillsInTheMissingDetail)
{
  CloseState state;
  ASSERT_TRUE(state.begin_drain(CloseReason::local_close, {}));
  ASSERT_TRUE(state.close(CloseReason::local_close, error::drain_timeout));
  EXPECT_EQ(state.reason(), CloseReason::local_close);
  EXPECT_EQ(state.error(), error::drain_timeout);
}

TEST(CloseState, AnAbortiveCloseFromOpenTakesItsOwnReason)
{
  CloseState state;
  ASSERT_TRUE(state.close(CloseReason::write_overflow, error::write_queue_overflow));
  EXPECT_EQ(state.reason(), CloseReason::write_overflow);
  EXPECT_FALSE(state.accepts_frames());
  EXPECT_FALSE(state.close(CloseReason::io_error, {}));  // once only
  EXPECT_EQ(state.reason(), CloseReason::write_overflow);
}

TEST(CloseState, LingerOnlyFollowsDraining)
{
  CloseState state;
  state.begin_linger();
  EXPECT_TRUE(state.open());
}

}  // namespace
}  // namespace close_state_test
}  // namespace proactor
