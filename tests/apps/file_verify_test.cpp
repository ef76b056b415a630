// The real client against a server that lies about digests: the client must fail (exit 1)
// rather than keep bytes it could not verify. The lying server is a proactor Server with a
// handler written here, answering just enough of the protocol.
#include "app_process.hpp"
#include "file/file_message.hpp"
#include "file/sha256.hpp"
#include "file_app_support.hpp"
#include "file_test_support.hpp"
#include <proactor/server/server.hpp>
#include <proactor/session/handler.hpp>

#include <gtest/gtest.h>

#include <string>
#include <variant>

namespace proactor::test {
namespace file_verify_test {  // a unity build puts several test files in one unit
namespace {

using namespace file;
using namespace std::string_literals;

const std::string kContent = "the bytes the client receives";

// Answers a get with kContent but announces the digest of other bytes; answers a put with
// put_done carrying a digest that is not the announced one.
class LyingHandler final : public Handler
{
 public:
  void on_frame(const SessionPtr& session, ConstBytes payload) override
  {
    Request request;
    if (parse(payload, request) != ErrorCode::none) return session->close();
    if (std::holds_alternative<GetRequest>(request)) {
      session->send(encode(Event{GetReady{kContent.size(), kDefaultWindow,
                                          Sha256::of(as_bytes("other bytes"s)), Sha256::of({})}},
                           session->codec()));
      session->send(encode(Event{DataChunk{0, as_bytes(kContent)}}, session->codec()));
    } else if (const auto* put = std::get_if<PutRequest>(&request)) {
      expected_ = put->size;
      session->send(encode(Event{PutReady{0, kDefaultWindow, Sha256::of({})}}, session->codec()));
    } else if (const auto* chunk = std::get_if<DataChunk>(&request)) {
      received_ += chunk->bytes.size();
      if (received_ == expected_)
        session->send(encode(Event{PutDone{Sha256::of(as_bytes("not it"s))}}, session->codec()));
    }
  }

 private:
  // One connection at a time in these tests; the single logic thread runs every callback.
  std::uint64_t expected_ = 0;
  std::uint64_t received_ = 0;
};

struct LyingServer
{
  LyingHandler handler;
  Server server{config(), handler};

  LyingServer() { server.listen("127.0.0.1", 0); }
  std::uint16_t port() const { return server.local_endpoint().port; }
  static ServerConfig config()
  {
    ServerConfig config;
    config.io_threads = 1;
    config.logic_threads = 1;
    return config;
  }
};

TEST(FileVerify, ADownloadThatDoesNotMatchItsDigestIsRemovedAndFails)
{
  TempDir dir;
  LyingServer server;
  const std::string local = (dir / "x.bin").string();
  const Finished get = run_client(server.port(), {"--progress", "none", "get", "x.bin", local});
  EXPECT_EQ(get.exit_code, 1);
  EXPECT_EQ(get.err, "proactor-file-client: the bytes received for 'x.bin' hash to " +
                         to_hex(Sha256::of(as_bytes(kContent))) + ", not to the announced " +
                         to_hex(Sha256::of(as_bytes("other bytes"s))) + "; removed '" + local +
                         ".part'\n");
  EXPECT_EQ(get.out, "");
  EXPECT_FALSE(fs::exists(local));
  EXPECT_FALSE(fs::exists(local + ".part"));
}

TEST(FileVerify, AnUploadTheServerStoredWithAnotherDigestFails)
{
  TempDir dir;
  write_text(dir / "y.bin", "upload me");
  LyingServer server;
  const Finished put =
      run_client(server.port(), {"--progress", "none", "put", (dir / "y.bin").string()});
  EXPECT_EQ(put.exit_code, 1);
  EXPECT_EQ(put.err, "proactor-file-client: the server stored bytes hashing to " +
                         to_hex(Sha256::of(as_bytes("not it"s))) + ", not " +
                         to_hex(Sha256::of(as_bytes("upload me"s))) + "\n");
  EXPECT_EQ(put.out, "");
}

}  // namespace
}  // namespace file_verify_test
}  // namespace proactor::test
