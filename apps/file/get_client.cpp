#include "file/get_client.hpp"

#include "file/file_io.hpp"
#include "file/file_name.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace proactor::file {
namespace {

using clock = std::chrono::steady_clock;

}  // namespace

GetClient::GetClient(const FileClientOptions& options)
    : FileClient(options), partial_path_(options.local + std::string(kPartialSuffix)), timer_(io())
{}

bool GetClient::prepare()
{
  struct stat st
  {};
  if (::stat(options().local.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    fail(quoted(options().local) + " exists and is not a regular file");
    return false;
  }
  const int flags = O_RDWR | O_CREAT | O_CLOEXEC | (options().restart ? O_TRUNC : 0);
  file_.reset(::open(partial_path_.c_str(), flags, 0644));
  if (!file_ || ::fstat(file_.get(), &st) != 0) {
    const int error = errno;
    fail("cannot open " + quoted(partial_path_) + ": " + errno_text(error));
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    fail(quoted(partial_path_) + " is not a regular file");
    return false;
  }
  requested_ = static_cast<std::uint64_t>(st.st_size);
  return true;
}

void GetClient::start(Session& session)
{
  send(session,
       GetRequest{.name = options().remote, .offset = requested_, .window = kDefaultWindow});
}

void GetClient::on_event(Session& session, Event& event)
{
  if (const auto* ready = std::get_if<GetReady>(&event); ready && !ready_)
    return on_ready(session, *ready);
  if (const auto* chunk = std::get_if<DataChunk>(&event); chunk && ready_ && !completed_)
    return on_data(session, *chunk);
  // Data of the attempt abandoned by start_over, still on its way: the new get_ready follows.
  if (std::holds_alternative<DataChunk>(event) && restarted_ && !ready_) return;
  fail("unexpected message from the server during a get");
}

// A partial longer than the file cannot be a prefix of it.
bool GetClient::on_error(Session& session, const ErrorEvent& error)
{
  if (error.code != ErrorCode::bad_offset || restarted_ || ready_) return false;
  start_over(session, "is longer than");
  return true;
}

void GetClient::start_over(Session& session, std::string_view why)
{
  restarted_ = true;
  print("the partial " + quoted(partial_path_) + " " + std::string(why) + " " +
        quoted(options().remote) + " on the server; starting over");
  if (::ftruncate(file_.get(), 0) != 0) {
    const int error = errno;
    return fail("cannot empty " + quoted(partial_path_) + ": " + errno_text(error));
  }
  requested_ = 0;
  hash_ = Sha256();
  start(session);
}

void GetClient::on_ready(Session& session, const GetReady& ready)
{
  if (ready.window < kMinWindow || requested_ > ready.size)
    return fail("the server offered an impossible size or window");
  if (requested_ > 0) {
    const IoResult hashed = hash_range(file_.get(), 0, requested_, hash_);
    if (hashed.error != 0 || hashed.bytes != requested_)
      return fail("cannot read " + quoted(partial_path_));
    if (hash_.peek() != ready.prefix_sha256) {
      if (restarted_) return fail("the partial does not match after a restart");
      return start_over(session, "does not match");
    }
    print("resuming " + quoted(options().remote) + " at byte " + std::to_string(requested_) +
          " of " + std::to_string(ready.size));
  }
  ready_ = true;
  size_ = ready.size;
  sha256_ = ready.sha256;
  window_ = ready.window;
  received_ = acked_ = requested_;
  started_ = clock::now();
  meter_.emplace(options().progress, options().remote, size_, requested_, started_);
  limiter_.emplace(options().limit_rate, started_);
  if (received_ == size_) complete(session);
}

void GetClient::on_data(Session& session, const DataChunk& chunk)
{
  if (chunk.offset != received_ || chunk.bytes.size() > size_ - received_)
    return fail("the server sent bytes at " + std::to_string(chunk.offset) + ", expected " +
                std::to_string(received_));
  if (const int error = write_at(file_.get(), chunk.bytes, received_))
    return fail("cannot write " + quoted(partial_path_) + ": " + errno_text(error) +
                "; it is kept for a resume");
  hash_.update(chunk.bytes);
  received_ += chunk.bytes.size();
  show(meter_->update(received_, clock::now()));
  if (received_ == size_) return complete(session);
  acknowledge(session);
}

// Acknowledges a quarter window at a time; under --limit-rate, not before the bytes are
// due, which holds the server back by its window.
void GetClient::acknowledge(Session& session)
{
  if (timer_armed_ || stopped_ || received_ - acked_ < window_ / 4) return;
  const auto allowed = limiter_->allowed_at(received_ - requested_);
  if (allowed > clock::now()) {
    timer_armed_ = true;
    timer_.expires_at(allowed);
    // A wait that completed just before stop() still runs with success: hence the flag, and
    // the strong reference that keeps the session valid until then.
    timer_.async_wait([this, self = session.shared_from_this()](boost::system::error_code ec) {
      timer_armed_ = false;
      if (!ec) acknowledge(*self);
    });
    return;
  }
  acked_ = received_;
  send(session, Ack{received_});
}

void GetClient::complete(Session& session)
{
  completed_ = true;
  const Digest digest = hash_.finish();
  if (digest != sha256_) {
    ::unlink(partial_path_.c_str());
    return fail("the bytes received for " + quoted(options().remote) + " hash to " +
                to_hex(digest) + ", not to the announced " + to_hex(sha256_) + "; removed " +
                quoted(partial_path_));
  }
  if (::fsync(file_.get()) != 0 || ::rename(partial_path_.c_str(), options().local.c_str()) != 0) {
    const int error = errno;
    return fail("cannot store " + quoted(options().local) + ": " + errno_text(error));
  }
  const auto now = clock::now();
  show(meter_->finish(size_, now));
  print("get " + options().remote + " -> " + options().local + ": " +
        format_transfer(size_, size_ - requested_, now - started_) + ", sha256 " + to_hex(sha256_));
  succeed(session);
}

void GetClient::stop()
{
  stopped_ = true;
  timer_.cancel();
  // An attempt that got no byte leaves nothing behind.
  struct stat st
  {};
  if (!completed_ && file_ && ::fstat(file_.get(), &st) == 0 && st.st_size == 0)
    ::unlink(partial_path_.c_str());
}

}  // namespace proactor::file
