#include <proactor/session/session_deadlines.hpp>

#include <gtest/gtest.h>

namespace proactor {
namespace session_deadlines_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using detail::SessionDeadlines;
using Due = SessionDeadlines::Due;
using Phase = detail::CloseState::Phase;

// A made-up clock: t(5) is five seconds after an arbitrary start.
SessionDeadlines::time_point t(double seconds)
{
  return SessionDeadlines::time_point{} + std::chrono::hours(1) +
         std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::duration<double>(seconds));
}

SessionConfig config()
{
  SessionConfig c;
  c.idle_timeout = 60s;
  c.frame_timeout = 10s;
  c.overflow_timeout = 5s;
  c.drain_timeout = 3s;
  c.linger_timeout = 2s;
  c.idle_read_release = 1s;
  return c;
}

TEST(SessionDeadlines, IdleCountsFromTheLastInput)
{
  const SessionConfig c = config();
  SessionDeadlines d(c);
  d.started(t(0));
  EXPECT_EQ(d.next(Phase::open, false, false), t(60));
  d.on_input(t(30));
  d.on_decoded(false);
  EXPECT_EQ(d.next(Phase::open, false, false), t(90));
  EXPECT_EQ(d.due(t(89.9), Phase::open, false, false), Due::none);
  EXPECT_EQ(d.due(t(90), Phase::open, false, false), Due::idle);
}

TEST(SessionDeadlines, AFrameMustCompleteInTimeFromWhereItStarted)
{
  const SessionConfig c = config();
  SessionDeadlines d(c);
  d.started(t(0));
  d.on_input(t(1));
  d.on_decoded(true);
  d.on_input(t(5));  // more of the same frame: its start stays
  d.on_decoded(true);
  EXPECT_TRUE(d.partial());
  EXPECT_EQ(d.next(Phase::open, false, false), t(11));
  EXPECT_EQ(d.due(t(11), Phase::open, false, false), Due::frame);
  d.on_decoded(false);
  EXPECT_FALSE(d.partial());
  EXPECT_EQ(d.due(t(11), Phase::open, false, false), Due::none);
}

TEST(SessionDeadlines, GatedReadingStopsIdleAndFrameAndResumeRestartsThem)
{
  const SessionConfig c = config();
  SessionDeadlines d(c);
  d.started(t(0));
  d.on_input(t(1));
  d.on_decoded(true);
  EXPECT_EQ(d.next(Phase::open, true, false), std::nullopt);
  EXPECT_EQ(d.due(t(500), Phase::open, true, false), Due::none);
  d.on_resume(t(500));
  EXPECT_EQ(d.next(Phase::open, false, false), t(510));
}

TEST(SessionDeadlines, OverflowNeedsNoWriteProgressForTheWholeTimeout)
{
  const SessionConfig c = config();
  SessionDeadlines d(c);
  d.started(t(0));
  d.on_write_progress(t(1));  // writable: progress means nothing
  EXPECT_EQ(d.next(Phase::open, false, false), t(60));
  d.on_unwritable(t(2));
  EXPECT_EQ(d.next(Phase::open, false, false), t(7));
  d.on_write_progress(t(6));  // a slow reader still reads: it keeps its connection
  EXPECT_EQ(d.due(t(7), Phase::open, false, false), Due::none);
  EXPECT_EQ(d.due(t(11), Phase::open, false, false), Due::overflow);
  d.on_writable();
  EXPECT_EQ(d.due(t(11), Phase::open, false, false), Due::none);
}

TEST(SessionDeadlines, OverflowIsMoreSevereThanIdleAndStillRunsWhileGated)
{
  const SessionConfig c = config();
  SessionDeadlines d(c);
  d.started(t(0));
  d.on_unwritable(t(58));
  EXPECT_EQ(d.due(t(64), Phase::open, false, false), Due::overflow);
  EXPECT_EQ(d.due(t(64), Phase::open, true, false), Due::overflow);
}

TEST(SessionDeadlines, AQuietBusyReadGivesItsBufferBack)
{
  const SessionConfig c = config();
  SessionDeadlines d(c);
  d.started(t(0));
  d.on_input(t(10));
  d.on_decoded(false);
  EXPECT_EQ(d.next(Phase::open, false, true), t(11));
  EXPECT_EQ(d.due(t(11), Phase::open, false, true), Due::release_read);
  d.on_decoded(true);  // never in the middle of a frame
  EXPECT_EQ(d.due(t(11), Phase::open, false, true), Due::none);
}

TEST(SessionDeadlines, ZeroDisablesATimeout)
{
  SessionConfig c = config();
  c.idle_timeout = 0ms;
  c.frame_timeout = 0ms;
  SessionDeadlines d(c);
  d.started(t(0));
  d.on_decoded(true);
  EXPECT_EQ(d.next(Phase::open, false, false), std::nullopt);
  EXPECT_EQ(d.due(t(1e6), Phase::open, false, false), Due::none);
}

TEST(SessionDeadlines, DrainAndLingerCountFromTheirPhase)
{
  const SessionConfig c = config();
  SessionDeadlines d(c);
  d.started(t(0));
  d.on_drain(t(100));
  EXPECT_EQ(d.next(Phase::draining, false, false), t(103));
  EXPECT_EQ(d.due(t(103), Phase::draining, false, false), Due::drain);
  d.on_linger(t(101));
  EXPECT_EQ(d.next(Phase::lingering, false, false), t(103));
  EXPECT_EQ(d.due(t(102), Phase::lingering, false, false), Due::none);
  EXPECT_EQ(d.due(t(103), Phase::lingering, false, false), Due::linger);
  EXPECT_EQ(d.next(Phase::closed, false, false), std::nullopt);
}

}  // namespace
}  // namespace session_deadlines_test
}  // namespace proactor
