#pragma once

#include "chat/chat_backplane.hpp"
#include "chat/chat_event.hpp"
#include "chat/chat_limits.hpp"
#include "chat/chat_member.hpp"
#include "chat/chat_protocol.hpp"
#include "chat/chat_rate_limit.hpp"
#include "chat/chat_request.hpp"
#include "chat/chat_rooms.hpp"
#include "chat/chat_wire.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/net/frame.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/session.hpp>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace proactor::chat {

/// The chat service (docs/protocol/chat.md): parses each request, updates the rooms, and
/// answers with events. A broadcast is encoded once and the same `Frame` is queued on every
/// recipient.
///
/// Threading: callbacks may run concurrently for different sessions, on any I/O or logic
/// thread; those of one session never overlap. Shared state (nicknames, rooms) lives in
/// `ChatRooms` under its mutex, and nothing is sent while that lock is held. Per-session
/// state (greeted yet, the member record) lives in `session->context()`, touched only by
/// that session's callbacks.
///
/// Order: the requester's own copy of an event is queued after everyone else's, so a client
/// that has seen its own message knows that every other member's copy is on its way.
///
/// Flow control (docs/protocol/chat.md, "Slow consumers and flooding senders"): every event
/// a member's request causes is queued for every recipient with the member as its producer
/// (`Session::send(frame, from)`), so a recipient above its high watermark holds the
/// speaker's reading until it drains: a flooding sender is slowed to the pace of the
/// slowest reading member and nothing is dropped. A recipient that crosses the watermark
/// is warned (`slow_consumer`, at most every 10 s); one that stops reading is disconnected
/// by the framework's `overflow_timeout`, which releases the speaker. Events from other
/// servers have no local producer to slow: to an unwritable recipient they are dropped,
/// counted and warned about. `--max-msgs-per-sec` is a separate guard: a message over the
/// rate is refused with `rate_limited`.
///
/// Cluster (a `Backplane` that is `clustered()`, docs/scale-out.md): every room event and
/// private message is also published; the other servers' events arrive through the
/// `BackplaneListener` callbacks and are encoded once for this server's members. A nickname
/// is claimed in the whole cluster before it is granted: while the claim is out, the session
/// reads nothing more, requests already read wait (in order, bounded), and all run when the
/// answer comes.
class ChatHandler final : public Handler, public BackplaneListener
{
 public:
  /// A chat service with empty rooms bounded by `limits`, speaking `wire` (the binary
  /// protocol unless told otherwise). Any thread.
  explicit ChatHandler(ChatLimits limits = {},
                       std::shared_ptr<const ChatWire> wire = binary_wire());

  /// Shares rooms through `backplane` from now on; it must outlive the handler's use. Call
  /// before the server starts.
  void use_backplane(Backplane& backplane) noexcept { backplane_ = &backplane; }

  /// Attaches the session's per-session state. The session's handler thread.
  void on_open(const SessionPtr& session) override;
  /// Handles one request; every failure is answered with an error event, never a
  /// disconnect. The session's handler thread.
  void on_frame(const SessionPtr& session, ConstBytes payload) override;
  /// The session's queue crossed its high watermark: warns it (`slow_consumer`, at most
  /// every 10 s). The session's handler thread.
  void on_unwritable(const SessionPtr& session) override;
  /// The session drained its queue: the next dropped remote event warns it again. The
  /// session's handler thread.
  void on_writable(const SessionPtr& session) override;
  /// Takes the session out of its room (telling the room) and frees its nickname. The
  /// session's handler thread.
  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override;

  /// Events from other servers skipped because their recipient was not writable. Any
  /// thread.
  std::uint64_t dropped_messages() const noexcept
  {
    return dropped_.load(std::memory_order_relaxed);
  }

  /// The rooms and nicknames. Any thread.
  const ChatRooms& rooms() const noexcept { return rooms_; }

  /// Delivers another server's room event to this server's members of `room`. The
  /// backplane's thread.
  void on_remote_room_event(const std::string& room, const Event& event) override;
  /// Delivers another server's private message if `to` is here. The backplane's thread.
  void on_remote_private(const std::string& to, const PrivateEvent& event) override;
  /// Tells every member in a room that the cluster link is lost or back. The backplane's
  /// thread.
  void on_backplane_state(bool connected) override;
  /// This server's members and rooms. The backplane's thread.
  std::vector<Presence> local_presence() override;
  /// Tells `from` that its message did not reach the other servers (`not_delivered`). The
  /// backplane's thread.
  void on_not_published(const SessionPtr& from) override;

 private:
  // One session's state. Its requests are handled under `mutex`, one at a time: normally on
  // the session's handler thread, but after a cluster-wide nickname claim on the backplane's
  // thread, which then also handles what was held meanwhile.
  struct PeerState
  {
    MemberPtr member;
    // Not recursive: no session call made under it (send, close, resume_reading) runs a
    // handler callback inside itself.
    std::mutex mutex;
    RateLimit rate;                // guarded by mutex: --max-msgs-per-sec
    bool greeted = false;          // guarded by mutex
    bool claiming = false;         // guarded by mutex: a nickname claim is out
    bool closed = false;           // guarded by mutex: on_close ran
    std::deque<std::string> held;  // guarded by mutex: requests that arrived while claiming
  };
  using Peer = std::shared_ptr<PeerState>;

  void process(const SessionPtr& session, const Peer& peer, ConstBytes payload);
  void handle(const SessionPtr& session, const Peer& peer, const HelloRequest& request);
  void handle(const SessionPtr& session, const Peer& peer, const NickRequest& request);
  void handle(const SessionPtr& session, const Peer& peer, const JoinRequest& request);
  void handle(const SessionPtr& session, const Peer& peer, const LeaveRequest& request);
  void handle(const SessionPtr& session, const Peer& peer, const SayRequest& request);
  void handle(const SessionPtr& session, const Peer& peer, const PrivateRequest& request);
  void handle(const SessionPtr& session, const Peer& peer, const RoomsRequest& request);
  void handle(const SessionPtr& session, const Peer& peer, const UsersRequest& request);
  void handle(const SessionPtr& session, const Peer& peer, const PingRequest& request);
  void set_nick(const SessionPtr& session, const Peer& peer, const std::string& nick);
  void on_claimed(const Peer& peer, const std::string& nick, bool granted);

  void reply(const SessionPtr& session, const Event& event) const;
  void fail(const SessionPtr& session, ErrorCode code, MessageType request,
            std::string_view detail = {}) const;
  bool within_rate(const SessionPtr& session, const Peer& peer, MessageType request) const;
  void fan_out(const Audience& audience, const Frame& frame, const ChatMember* skip,
               const SessionPtr& from);
  void deliver(ChatMember& member, const Frame& frame, const SessionPtr& from);
  void deliver_remote(ChatMember& member, const Frame& frame);

  std::shared_ptr<const ChatWire> wire_;
  ChatRooms rooms_;
  Backplane* backplane_;  // never null: a LocalBackplane until use_backplane
  std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace proactor::chat
