// What a server knows of the others: built from their room events and heartbeats, queried
// case-insensitively, and forgotten after the TTL of silence. Time is passed in.
#include "chat/chat_cluster_directory.hpp"

#include <gtest/gtest.h>

namespace proactor::chat {
namespace chat_cluster_directory_test {  // a unity build puts several test files in one unit
namespace {

using namespace std::chrono_literals;
using Clock = ClusterDirectory::Clock;

TEST(ChatClusterDirectory, RoomEventsMoveMembersAndHeartbeatsReplaceThem)
{
  ClusterDirectory directory(1s);
  const auto t0 = Clock::now();
  directory.apply("n1", "Lobby", JoinedEvent{"Lobby", "alice"}, t0);
  directory.apply("n2", "lobby", JoinedEvent{"lobby", "bob"}, t0);
  EXPECT_EQ(directory.find("ALICE"), (Presence{"alice", "Lobby"}));
  auto users = directory.users("LOBBY");
  std::sort(users.begin(), users.end());
  EXPECT_EQ(users, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(directory.rooms(), (std::vector<RoomInfo>{{"Lobby", 2}}));

  directory.apply("n1", "Lobby", NickEvent{"alice", "al"}, t0);
  EXPECT_TRUE(directory.find("alice").nick.empty());
  EXPECT_EQ(directory.find("al").room, "Lobby");
  directory.apply("n1", "Lobby", LeftEvent{"Lobby", "al"}, t0);
  EXPECT_EQ(directory.find("al"), (Presence{"al", ""}));
  EXPECT_EQ(directory.users("lobby"), std::vector<std::string>{"bob"});

  directory.replace("n2", {{"bob", "den"}}, t0);
  EXPECT_EQ(directory.rooms(), (std::vector<RoomInfo>{{"den", 1}}));
  directory.forget("n2");
  EXPECT_TRUE(directory.find("bob").nick.empty());
  EXPECT_EQ(directory.node_count(), 1u);
}

TEST(ChatClusterDirectory, AServerSilentForTheTtlIsForgotten)
{
  ClusterDirectory directory(1s);
  const auto t0 = Clock::now();
  directory.replace("n1", {{"alice", "lobby"}}, t0);
  directory.replace("n2", {{"bob", "lobby"}}, t0);
  directory.apply("n2", "lobby", MessageEvent{"lobby", "bob", "still here"}, t0 + 800ms);
  EXPECT_EQ(directory.expire(t0 + 1s), 0u);  // exactly the TTL: not yet
  EXPECT_EQ(directory.expire(t0 + 1001ms), 1u);
  EXPECT_TRUE(directory.find("alice").nick.empty());
  EXPECT_EQ(directory.find("bob").nick, "bob");
  EXPECT_EQ(directory.expire(t0 + 1801ms), 1u);
  EXPECT_EQ(directory.node_count(), 0u);
  directory.replace("n3", {{"carol", ""}}, t0);
  directory.clear();
  EXPECT_EQ(directory.node_count(), 0u);
}

}  // namespace
}  // namespace chat_cluster_directory_test
}  // namespace proactor::chat
