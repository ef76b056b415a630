// Runs the real proactor-chat-server and proactor-chat-client binaries through pipes, as a
// user or a script would: the `listening on` line, stdin lines in, one line per event out,
// exit codes and one-line errors.
#include "app_process.hpp"
#include "loopback_client.hpp"
#include "process.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <gtest/gtest.h>

#include <csignal>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proactor::test {
namespace chat_app_test {  // a unity build puts several test files in one unit
namespace {

constexpr std::string_view kServer = "proactor-chat-server";
constexpr std::string_view kClient = "proactor-chat-client";

// A chat server on port 0; `port` is 0 (after a test failure) if it did not come up.
struct RunningServer : ServerProcess
{
  explicit RunningServer(std::vector<std::string> args = {})
      : ServerProcess(kServer, std::move(args))
  {}
};

// A chat client on `port` as `nick` in `room`, past its first three lines (the greeting,
// the nickname, the room).
struct RunningClient
{
  ChildProcess process;

  RunningClient(std::uint16_t port, const std::string& nick, const std::string& room,
                std::vector<std::string> extra = {})
  {
    std::vector<std::string> args{"--port", std::to_string(port), "--nick", nick, "--room", room};
    args.insert(args.end(), extra.begin(), extra.end());
    process.start(bin_path(kClient), args);
    const auto greeting = line();
    EXPECT_TRUE(greeting.starts_with("* Welcome to proactor chat.")) << greeting;
    EXPECT_EQ(line(), "* you are now known as " + nick);
    EXPECT_EQ(line(), "* " + nick + " joined " + room);
  }

  std::string line() { return process.read_line(kDeadline).value_or("<no line>"); }
};

TEST(ChatApps, TwoClientsTalkThroughTheRealServer)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  RunningClient bob(server.port, "bob", "lobby");
  RunningClient alice(server.port, "alice", "lobby");
  EXPECT_EQ(bob.line(), "* alice joined lobby");

  alice.process.write_stdin("hello from alice\n");
  EXPECT_EQ(alice.line(), "[lobby] alice: hello from alice");
  EXPECT_EQ(bob.line(), "[lobby] alice: hello from alice");

  bob.process.write_stdin("/who\n/msg alice psst\n");
  EXPECT_EQ(bob.line(), "users in lobby: alice, bob");
  EXPECT_EQ(bob.line(), "[pm to alice] psst");
  EXPECT_EQ(alice.line(), "[pm from bob] psst");

  // At stdin's end the client leaves its room, and exits 0 once the server confirmed.
  bob.process.close_stdin();
  EXPECT_EQ(bob.line(), "* bob left lobby");
  EXPECT_EQ(bob.process.wait_exit(kDeadline), 0);
  EXPECT_EQ(bob.process.read_line(kDeadline), std::nullopt);
  EXPECT_EQ(bob.process.read_all_stderr(kDeadline), "");
  EXPECT_EQ(alice.line(), "* bob left lobby");

  alice.process.write_stdin("/nope\n");
  EXPECT_EQ(alice.line(), "! unknown command /nope (try /help)");
  alice.process.write_stdin("/msg bob still there?\n/quit\n");
  EXPECT_EQ(alice.line(), "! error: no such user: 'bob'");
  EXPECT_EQ(alice.line(), "* alice left lobby");
  EXPECT_EQ(alice.process.wait_exit(kDeadline), 0);

  server.process.send_signal(SIGTERM);
  EXPECT_EQ(server.process.wait_exit(kDeadline), 0);
}

TEST(ChatApps, ProtobufAndSnappyCodecsCarryTheSameConversation)
{
  if (!PROACTOR_TEST_PROTOBUF || !PROACTOR_TEST_SNAPPY)
    GTEST_SKIP() << "built without the protobuf and Snappy codecs";
  for (const std::string codec : {"protobuf", "protobuf,snappy", "binary,snappy"}) {
    SCOPED_TRACE(codec);
    RunningServer server({"--codec", codec});
    ASSERT_NE(server.port, 0);
    RunningClient bob(server.port, "bob", "lobby", {"--codec", codec});
    RunningClient alice(server.port, "alice", "lobby", {"--codec", codec});
    EXPECT_EQ(bob.line(), "* alice joined lobby");

    const std::string long_text(900, 'z');  // compressed by the snappy layer
    alice.process.write_stdin("hello from alice\n" + long_text + "\n");
    EXPECT_EQ(bob.line(), "[lobby] alice: hello from alice");
    EXPECT_EQ(bob.line(), "[lobby] alice: " + long_text);
    bob.process.write_stdin("/who\n/msg alice psst\n");
    EXPECT_EQ(bob.line(), "users in lobby: alice, bob");
    EXPECT_EQ(bob.line(), "[pm to alice] psst");
    EXPECT_EQ(alice.line(), "[lobby] alice: hello from alice");
    EXPECT_EQ(alice.line(), "[lobby] alice: " + long_text);
    EXPECT_EQ(alice.line(), "[pm from bob] psst");

    alice.process.close_stdin();
    bob.process.close_stdin();
    EXPECT_EQ(alice.process.wait_exit(kDeadline), 0);
    EXPECT_EQ(bob.process.wait_exit(kDeadline), 0);
    server.stop_and_expect_clean_exit();
  }
}

TEST(ChatApps, AClientOnAnotherCodecSeesMalformedEventsNotACrash)
{
  if (!PROACTOR_TEST_PROTOBUF || !PROACTOR_TEST_SNAPPY)
    GTEST_SKIP() << "built without the protobuf and Snappy codecs";
  RunningServer server({"--codec", "protobuf"});
  ASSERT_NE(server.port, 0);
  ChildProcess client;
  client.start(bin_path(kClient), {"--port", std::to_string(server.port), "--nick", "bob",
                                   "--drain-timeout", "500ms"});
  EXPECT_EQ(client.read_line(kDeadline), "! a malformed event arrived");
  client.close_stdin();
  // Nor can it read the pong that would confirm what it sent.
  EXPECT_EQ(client.wait_exit(kDeadline), 1);
  EXPECT_EQ(client.read_all_stderr(kDeadline),
            "proactor-chat-client: the server did not answer within 500ms: what was sent may not "
            "all have been handled\n");
  server.stop_and_expect_clean_exit();
}

TEST(ChatApps, ClientReportsALostServerWithOneLineAndExitsOne)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  RunningClient carol(server.port, "carol", "lobby");
  server.process.send_signal(SIGINT);
  EXPECT_EQ(server.process.wait_exit(kDeadline), 0);
  // Still waiting for stdin, the client notices at once.
  EXPECT_EQ(carol.process.wait_exit(kDeadline), 1);
  const std::string err = carol.process.read_all_stderr(kDeadline);
  EXPECT_EQ(count_lines(err), 1u) << err;
  EXPECT_TRUE(err.starts_with("proactor-chat-client: connection to 127.0.0.1:")) << err;
}

TEST(ChatApps, WithoutANickTheClientTakesItsNameAndRoomFromStdin)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  ChildProcess client;
  client.start(bin_path(kClient), {"--port", std::to_string(server.port)});
  client.write_stdin("/nick dora\n/join lobby\nhello\n");
  client.close_stdin();
  EXPECT_TRUE(client.read_line(kDeadline).value_or("").starts_with("* Welcome")) << "greeting";
  EXPECT_EQ(client.read_line(kDeadline), "* you are now known as dora");
  EXPECT_EQ(client.read_line(kDeadline), "* dora joined lobby");
  EXPECT_EQ(client.read_line(kDeadline), "[lobby] dora: hello");
  EXPECT_EQ(client.read_line(kDeadline), "* dora left lobby");
  EXPECT_EQ(client.wait_exit(kDeadline), 0);
  EXPECT_EQ(client.read_all_stderr(kDeadline), "");
  server.stop_and_expect_clean_exit();
}

TEST(ChatApps, WithKeepOpenAReaderStaysAfterStdinEndsUntilTheServerGoes)
{
  RunningServer server;
  ASSERT_NE(server.port, 0);
  RunningClient reader(server.port, "reader", "lobby", {"--keep-open"});
  reader.process.close_stdin();
  RunningClient erin(server.port, "erin", "lobby");
  EXPECT_EQ(reader.line(), "* erin joined lobby");
  erin.process.write_stdin("still there?\n");
  EXPECT_EQ(reader.line(), "[lobby] erin: still there?");
  erin.process.close_stdin();
  EXPECT_EQ(reader.line(), "* erin left lobby");
  EXPECT_EQ(erin.process.wait_exit(kDeadline), 0);
  server.stop_and_expect_clean_exit();
  EXPECT_EQ(reader.process.wait_exit(kDeadline), 1);
  const std::string err = reader.process.read_all_stderr(kDeadline);
  EXPECT_EQ(count_lines(err), 1u) << err;
  EXPECT_TRUE(err.starts_with("proactor-chat-client: connection to 127.0.0.1:")) << err;
}

// A listener that never accepts: the kernel completes the client's connect, and nothing
// ever answers it.
struct SilentServer
{
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor{io, {boost::asio::ip::make_address("127.0.0.1"), 0}};
  std::string port = std::to_string(acceptor.local_endpoint().port());
};

TEST(ChatApps, AServerThatNeverAnswersFailsTheDrainWithOneLine)
{
  SilentServer server;
  const Finished client =
      run_to_exit(kClient, {"--port", server.port, "--nick", "x", "--drain-timeout", "300ms"});
  EXPECT_EQ(client.exit_code, 1);
  EXPECT_EQ(client.err,
            "proactor-chat-client: the server did not answer within 300ms: what was sent may "
            "not all have been handled\n");
}

TEST(ChatApps, AServerThatSendsNothingForTheStallTimeoutEndsAKeptOpenClient)
{
  SilentServer server;
  const Finished client = run_to_exit(
      kClient, {"--port", server.port, "--nick", "x", "--keep-open", "--stall-timeout", "300ms"});
  EXPECT_EQ(client.exit_code, 1);
  EXPECT_EQ(client.err, "proactor-chat-client: the server has sent nothing for 300ms\n");
}

TEST(ChatApps, ClientWithNothingListeningExitsOneWithOneLine)
{
  const std::string port = std::to_string(unused_port());
  const Finished client = run_to_exit(kClient, {"--port", port, "--nick", "x"});
  EXPECT_EQ(client.exit_code, 1);
  EXPECT_EQ(client.err,
            "proactor-chat-client: cannot connect to 127.0.0.1:" + port + ": Connection refused\n");
  EXPECT_EQ(client.out, "");
}

TEST(ChatApps, ClientBadFlagsExitTwoWithOneLine)
{
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--bogus"},
                                               {"--nick", "x"},
                                               {"--port", "1", "--room", "lobby"},
                                               {"--port", "1", "--nick", "two words"},
                                               {"--port", "1", "--nick", "x", "--room", "#room"},
                                               {"--port", "1", "--drain-timeout", "0"},
                                               {"--port", "1", "--stall-timeout", "50ms"}}) {
    const Finished client = run_to_exit(kClient, args);
    EXPECT_EQ(client.exit_code, 2) << args.front();
    EXPECT_EQ(count_lines(client.err), 1u) << client.err;
    EXPECT_TRUE(client.err.starts_with("proactor-chat-client: ")) << client.err;
    EXPECT_EQ(client.out, "");
  }
}

TEST(ChatApps, ServerHelpListsTheCommonAndTheChatFlags)
{
  const Finished server = run_to_exit(kServer, {"--help"});
  EXPECT_EQ(server.exit_code, 0);
  EXPECT_TRUE(server.out.starts_with("usage: proactor-chat-server [flags]")) << server.out;
  for (const char* flag :
       {"--host", "--port", "--threads", "--logic-threads", "--max-frame", "--idle-timeout",
        "--max-connections", "--overflow-timeout", "--max-message", "--max-rooms",
        "--max-room-size", "--max-msgs-per-sec", "--burst", "--help"})
    EXPECT_NE(server.out.find(flag), std::string::npos) << flag;
  EXPECT_EQ(server.err, "");
}

TEST(ChatApps, AnUnknownCodecExitsTwoWithOneLine)
{
  const Finished server = run_to_exit(kServer, {"--codec", "json"});
  const Finished client = run_to_exit(kClient, {"--port", "1", "--nick", "x", "--codec", "json"});
  for (const Finished& program : {server, client}) {
    EXPECT_EQ(program.exit_code, 2);
    EXPECT_EQ(count_lines(program.err), 1u) << program.err;
    EXPECT_NE(program.err.find("codec 'json' is unknown"), std::string::npos) << program.err;
  }
}

TEST(ChatApps, ServerBadFlagsExitTwoWithOneLine)
{
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--bogus"},
                                               {"--max-rooms", "0"},
                                               {"--framing", "line"},
                                               {"--max-frame", "512"},
                                               {"--max-message", "100000"},
                                               {"--burst", "5"}}) {
    const Finished server = run_to_exit(kServer, args);
    EXPECT_EQ(server.exit_code, 2) << args.front();
    EXPECT_EQ(count_lines(server.err), 1u) << server.err;
    EXPECT_TRUE(server.err.starts_with("proactor-chat-server: ")) << server.err;
    EXPECT_EQ(server.out, "");
  }
}

}  // namespace
}  // namespace chat_app_test
}  // namespace proactor::test
