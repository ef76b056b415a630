#include "file/put_client.hpp"

#include "file/file_io.hpp"
#include "file/file_name.hpp"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>

namespace proactor::file {
namespace {

using clock = std::chrono::steady_clock;

}  // namespace

PutClient::PutClient(const FileClientOptions& options) : FileClient(options), timer_(io())
{}

bool PutClient::prepare()
{
  const std::string& path = options().local;
  file_.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st
  {};
  if (!file_ || ::fstat(file_.get(), &st) != 0) {
    const int error = errno;
    fail("cannot open " + quoted(path) + ": " + errno_text(error));
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    fail(quoted(path) + " is not a regular file");
    return false;
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
  // The digest is announced before the first byte, so the whole file is read once up front.
  Sha256 hash;
  const IoResult hashed = hash_range(file_.get(), 0, size_, hash);
  if (hashed.error != 0 || hashed.bytes != size_) {
    fail("cannot read " + quoted(path) + ": " +
         (hashed.error != 0 ? errno_text(hashed.error) : "it shrank while being hashed"));
    return false;
  }
  sha256_ = hash.finish();
  return true;
}

void PutClient::start(Session& session)
{
  send(session, PutRequest{.name = options().remote,
                           .size = size_,
                           .sha256 = sha256_,
                           .flags = options().restart ? kPutRestart : std::uint8_t{0}});
}

void PutClient::on_event(Session& session, Event& event)
{
  if (const auto* ready = std::get_if<PutReady>(&event); ready && !ready_)
    return on_ready(session, *ready);
  if (const auto* ack = std::get_if<Ack>(&event); ack && ready_) {
    if (ack->received > sent_ || ack->received < acked_)
      return fail("the server acknowledged byte " + std::to_string(ack->received) + " of " +
                  std::to_string(sent_) + " sent");
    acked_ = ack->received;
    show(meter_->update(acked_, clock::now()));
    return pump(session);
  }
  if (const auto* done = std::get_if<PutDone>(&event); done && ready_)
    return on_done(session, *done);
  // An ack of the attempt abandoned by the restart, still on its way: the new put_ready follows.
  if (std::holds_alternative<Ack>(event) && restarted_ && !ready_) return;
  fail("unexpected message from the server during a put");
}

void PutClient::on_ready(Session& session, const PutReady& ready)
{
  if (ready.offset > size_ || ready.window < kMinWindow)
    return fail("the server offered an impossible offset or window");
  if (ready.offset > 0 && ready.offset < size_) {
    // The server kept a partial: its bytes must be ours, or the upload starts over.
    Sha256 hash;
    const IoResult hashed = hash_range(file_.get(), 0, ready.offset, hash);
    if (hashed.error != 0 || hashed.bytes != ready.offset)
      return fail("cannot read " + quoted(options().local));
    if (hash.finish() != ready.prefix_sha256) {
      if (restarted_) return fail("the server's partial upload does not match after a restart");
      restarted_ = true;
      print("the server's partial " + quoted(options().remote) + " does not match " +
            quoted(options().local) + "; starting over");
      return send(
          session,
          PutRequest{
              .name = options().remote, .size = size_, .sha256 = sha256_, .flags = kPutRestart});
    }
  }
  if (ready.offset > 0)
    print("resuming " + quoted(options().remote) + " at byte " + std::to_string(ready.offset) +
          " of " + std::to_string(size_));
  ready_ = true;
  window_ = ready.window;
  offset_ = sent_ = acked_ = ready.offset;
  started_ = clock::now();
  meter_.emplace(options().progress, options().remote, size_, offset_, started_);
  limiter_.emplace(options().limit_rate, started_);
  // A slow limit sends smaller chunks, several a second, rather than a burst now and then.
  if (options().limit_rate > 0)
    max_chunk_ = std::clamp<std::uint64_t>(options().limit_rate / 8, 1024, kMaxChunk);
  pump(session);
}

void PutClient::on_done(Session& session, const PutDone& done)
{
  if (sent_ != size_) return fail("the server finished the upload before all bytes were sent");
  if (done.sha256 != sha256_)
    return fail("the server stored bytes hashing to " + to_hex(done.sha256) + ", not " +
                to_hex(sha256_));
  const auto now = clock::now();
  show(meter_->finish(size_, now));
  print("put " + options().local + " -> " + options().remote + ": " +
        format_transfer(size_, size_ - offset_, now - started_) + ", sha256 " + to_hex(sha256_));
  succeed(session);
}

void PutClient::resume(Session& session)
{
  if (ready_) pump(session);
}

void PutClient::pump(Session& session)
{
  while (sent_ < size_ && !timer_armed_ && session.writable()) {
    const std::uint64_t room = window_ - (sent_ - acked_);
    const auto chunk =
        static_cast<std::size_t>(std::min<std::uint64_t>({max_chunk_, size_ - sent_, room}));
    if (chunk == 0) return;  // the window is full; an ack reopens it
    if (!limiter_->unlimited()) {
      const auto allowed = limiter_->allowed_at(sent_ + chunk - offset_);
      if (allowed > clock::now()) return wait_for_rate(session, allowed);
    }
    Buffer payload = start_data(MessageType::upload_data, sent_, chunk);
    const IoResult read = read_at(file_.get(), payload.prepare(chunk), sent_);
    if (read.error != 0 || read.bytes != chunk)
      return fail("cannot read " + quoted(options().local) + ": " +
                  (read.error != 0 ? errno_text(read.error) : "it shrank while being sent"));
    payload.commit(chunk);
    session.send(encode(session.codec(), std::move(payload)));
    sent_ += chunk;
  }
}

void PutClient::wait_for_rate(Session& session, RateLimiter::clock::time_point until)
{
  timer_armed_ = true;
  timer_.expires_at(until);
  // A wait that completed just before stop() still runs with success: hence the flag, and
  // the strong reference that keeps the session valid until then.
  timer_.async_wait([this, self = session.shared_from_this()](boost::system::error_code ec) {
    timer_armed_ = false;
    if (!ec && !stopped_) pump(*self);
  });
}

void PutClient::stop()
{
  stopped_ = true;
  timer_.cancel();
}

}  // namespace proactor::file
