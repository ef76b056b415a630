#pragma once

#include "calc/calc_client_options.hpp"
#include "calc/calc_protocol.hpp"
#include <proactor/net/bytes.hpp>
#include <proactor/session/close_reason.hpp>
#include <proactor/session/handler.hpp>
#include <proactor/session/session.hpp>

#include <boost/system/error_code.hpp>

#include <functional>
#include <optional>
#include <string>

namespace proactor::calc {

/// The calculator client's argument mode: connects, sends one request, prints the reply as
/// one line to stdout and closes. Its callbacks run on the thread inside `run()`.
class CalcOnce final : public Handler
{
 public:
  /// Prepares the request `request` for the server of `options`. Connects nothing yet.
  CalcOnce(CalcClientOptions options, Request request);

  /// Does the exchange. Returns 0 when the server computed a result; 1 when it answered
  /// with an error status, or on a failure (printed as one line to stderr). Blocks; call once.
  int run();

  /// Sends the request. Inside `run()`.
  void on_open(const SessionPtr& session) override;
  /// Records the reply and closes. Inside `run()`.
  void on_frame(const SessionPtr& session, ConstBytes payload) override;
  /// Records why the connection ended if no reply came. Inside `run()`.
  void on_close(const SessionPtr& session, CloseReason reason,
                boost::system::error_code ec) override;

 private:
  void fail(std::string message);

  CalcClientOptions options_;
  Request request_;
  std::optional<Reply> reply_;
  std::optional<std::string> error_;  // the first failure
  std::function<void()> finished_;     // ends run() early once the connection has closed
};

}  // namespace proactor::calc
