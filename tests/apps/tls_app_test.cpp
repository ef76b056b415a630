// The TLS programs as users run them, and clients nobody here wrote: `openssl s_client` (line
// framing) and Python's `ssl` module (u32 framing) against proactor-echo-server; the echo and
// chat clients with --tls; one clear line for a bad certificate setup.
#include "app_process.hpp"
#include "process.hpp"
#include "tls_test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace proactor::test {
namespace tls_app_test {  // a unity build puts several test files in one unit
namespace {

bool contains(std::string_view text, std::string_view part)
{
  return text.find(part) != std::string_view::npos;
}

std::vector<std::string> server_tls_flags()
{
  return {"--tls-cert", cert_path("server.pem"), "--tls-key", cert_path("server.key")};
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more)
{
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST(TlsApps, OpensslSClientTalksToTheEchoServerInLines)
{
  // The idle timeout ends the session (with close_notify), which ends s_client.
  ServerProcess server("proactor-echo-server",
                       with(server_tls_flags(), {"--framing", "line", "--idle-timeout", "1s"}));
  ASSERT_NE(server.port, 0);
  ChildProcess client;
  client.start(PROACTOR_OPENSSL_EXECUTABLE,
               {"s_client", "-connect", "127.0.0.1:" + std::to_string(server.port), "-CAfile",
                cert_path("ca.pem"), "-verify_return_error", "-verify_hostname", "localhost",
                "-quiet", "-ign_eof"});
  client.write_stdin("hello from s_client\nsecond line\n");
  EXPECT_EQ(client.read_line(kDeadline), "hello from s_client");
  EXPECT_EQ(client.read_line(kDeadline), "second line");
  EXPECT_EQ(client.wait_exit(kDeadline), 0) << client.read_all_stderr(1s);
  server.stop_and_expect_clean_exit();
}

// Sends u32-framed messages over Python's ssl module (verifying the server against the test
// CA and the name localhost) and checks every echo; prints "ok" at the end.
constexpr std::string_view kPythonClient = R"(
import socket, ssl, struct, sys
port, ca = int(sys.argv[1]), sys.argv[2]
context = ssl.create_default_context(cafile=ca)
with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
    with context.wrap_socket(raw, server_hostname="localhost") as tls:
        def read_exact(n):
            data = b""
            while len(data) < n:
                chunk = tls.recv(n - len(data))
                if not chunk:
                    raise SystemExit("connection closed early")
                data += chunk
            return data
        for i in range(50):
            payload = bytes((i * 7 + k) % 256 for k in range(i * 100))
            tls.sendall(struct.pack(">I", len(payload)) + payload)
            (length,) = struct.unpack(">I", read_exact(4))
            if read_exact(length) != payload:
                raise SystemExit("echo %d differs" % i)
        print(tls.version(), "ok")
        tls.unwrap()
)";

TEST(TlsApps, PythonSslTalksToTheEchoServerInU32Frames)
{
  ServerProcess server("proactor-echo-server", server_tls_flags());
  ASSERT_NE(server.port, 0);
  ChildProcess client;
  client.start(PROACTOR_PYTHON_EXECUTABLE, {"-c", std::string(kPythonClient),
                                            std::to_string(server.port), cert_path("ca.pem")});
  EXPECT_EQ(client.read_line(kDeadline), "TLSv1.3 ok") << client.read_all_stderr(1s);
  EXPECT_EQ(client.wait_exit(kDeadline), 0);
  server.stop_and_expect_clean_exit();
}

TEST(TlsApps, EchoClientVerifiesAndTalksOverTls)
{
  ServerProcess server("proactor-echo-server", server_tls_flags());
  ASSERT_NE(server.port, 0);
  const auto port = std::to_string(server.port);
  const auto ok = run_to_exit("proactor-echo-client",
                              {"--port", port, "--tls", "--tls-ca", cert_path("ca.pem"), "--count",
                               "200", "--size", "3000", "--connections", "4"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;

  const auto wrong_ca =
      run_to_exit("proactor-echo-client",
                  {"--port", port, "--tls", "--tls-ca", cert_path("other-ca.pem"), "--count", "1"});
  EXPECT_EQ(wrong_ca.exit_code, 1);
  EXPECT_TRUE(contains(wrong_ca.err, "unable to get local issuer certificate")) << wrong_ca.err;

  const auto insecure =
      run_to_exit("proactor-echo-client", {"--port", port, "--tls", "--insecure", "--count", "10"});
  EXPECT_EQ(insecure.exit_code, 0) << insecure.err;
  server.stop_and_expect_clean_exit();
}

TEST(TlsApps, ChatServerAndClientTalkOverTls)
{
  ServerProcess server("proactor-chat-server", server_tls_flags());
  ASSERT_NE(server.port, 0);
  ChildProcess client;
  client.start(bin_path("proactor-chat-client"),
               {"--port", std::to_string(server.port), "--nick", "alice", "--room", "lobby",
                "--tls", "--tls-ca", cert_path("ca.pem")});
  EXPECT_TRUE(client.read_line(kDeadline).value_or("").starts_with("* Welcome"));
  EXPECT_EQ(client.read_line(kDeadline), "* you are now known as alice");
  EXPECT_EQ(client.read_line(kDeadline), "* alice joined lobby");
  client.write_stdin("hello over tls\n");
  EXPECT_EQ(client.read_line(kDeadline), "[lobby] alice: hello over tls");
  client.close_stdin();
  EXPECT_EQ(client.wait_exit(kDeadline), 0);
  server.stop_and_expect_clean_exit();
}

TEST(TlsApps, LoadgenMeasuresATlsServer)
{
  ServerProcess server("proactor-echo-server", server_tls_flags());
  ASSERT_NE(server.port, 0);
  const auto run = run_to_exit("proactor-loadgen",
                               {"pingpong", "--port", std::to_string(server.port), "--tls",
                                "--connections", "4", "--duration", "300ms", "--warmup", "0s"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(contains(run.out, " errors=0")) << run.out;
  server.stop_and_expect_clean_exit();
}

TEST(TlsApps, ABadCertificateSetupIsOneLineAndExitOne)
{
  const auto missing = run_to_exit("proactor-echo-server", {"--tls-cert", cert_path("nope.pem"),
                                                            "--tls-key", cert_path("server.key")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(count_lines(missing.err), 1u) << missing.err;
  EXPECT_TRUE(contains(missing.err, "cannot read certificate chain")) << missing.err;

  const auto mismatch = run_to_exit("proactor-chat-server", {"--tls-cert", cert_path("server.pem"),
                                                             "--tls-key", cert_path("client.key")});
  EXPECT_EQ(mismatch.exit_code, 1);
  EXPECT_EQ(count_lines(mismatch.err), 1u) << mismatch.err;
  EXPECT_TRUE(contains(mismatch.err, "does not match the certificate")) << mismatch.err;

  const auto half = run_to_exit("proactor-echo-server", {"--tls-cert", cert_path("server.pem")});
  EXPECT_EQ(half.exit_code, 1);
  EXPECT_TRUE(contains(half.err, "needs both --tls-cert and --tls-key")) << half.err;

  const auto client = run_to_exit("proactor-echo-client", {"--port", "1", "--insecure"});
  EXPECT_EQ(client.exit_code, 1);
  EXPECT_TRUE(contains(client.err, "need --tls")) << client.err;
}

}  // namespace
}  // namespace tls_app_test
}  // namespace proactor::test
