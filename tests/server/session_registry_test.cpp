#include "fake_session.hpp"
#include <proactor/server/session_registry.hpp>

#include <gtest/gtest.h>

namespace proactor {
namespace session_registry_test {  // a unity build puts several test files in one unit
namespace {

using FakeSession = proactor::test::FakeSession;

TEST(SessionRegistry, AddsFindsAndRemovesById)
{
  SessionRegistry registry;
  auto a = std::make_shared<FakeSession>(1);
  auto b = std::make_shared<FakeSession>(2);
  EXPECT_TRUE(registry.add(a));
  EXPECT_TRUE(registry.add(b));
  EXPECT_EQ(registry.size(), 2u);
  EXPECT_EQ(registry.find(2), b);
  registry.remove(2);
  EXPECT_EQ(registry.find(2), nullptr);
  EXPECT_EQ(registry.size(), 1u);
}

TEST(SessionRegistry, HoldsOnlyWeakReferences)
{
  SessionRegistry registry;
  auto a = std::make_shared<FakeSession>(1);
  registry.add(a);
  std::weak_ptr<FakeSession> watch = a;
  a.reset();
  EXPECT_TRUE(watch.expired());
  EXPECT_EQ(registry.find(1), nullptr);
  EXPECT_TRUE(registry.snapshot().empty());
}

TEST(SessionRegistry, RefusesAfterAdmissionClosesAndReturnsTheOpenOnes)
{
  SessionRegistry registry;
  auto a = std::make_shared<FakeSession>(1);
  registry.add(a);
  const auto open = registry.close_admission();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open.front(), a);
  EXPECT_FALSE(registry.add(std::make_shared<FakeSession>(2)));
}

TEST(SessionRegistry, WaitEmptyReturnsOnceTheLastSessionIsRemoved)
{
  SessionRegistry registry;
  auto a = std::make_shared<FakeSession>(1);
  registry.add(a);
  EXPECT_FALSE(registry.wait_empty(std::chrono::milliseconds(10)));
  std::thread remover([&] { registry.remove(1); });
  EXPECT_TRUE(registry.wait_empty(std::chrono::seconds(10)));
  remover.join();
}

TEST(SessionRegistry, ForEachVisitsEveryOpenSession)
{
  SessionRegistry registry;
  std::vector<std::shared_ptr<FakeSession>> sessions;
  for (SessionId id = 1; id <= 5; ++id) {
    sessions.push_back(std::make_shared<FakeSession>(id));
    registry.add(sessions.back());
  }
  registry.for_each([](const SessionPtr& session) { session->stop(); });
  for (const auto& session : sessions) EXPECT_TRUE(session->stopped);
}

}  // namespace
}  // namespace session_registry_test
}  // namespace proactor
