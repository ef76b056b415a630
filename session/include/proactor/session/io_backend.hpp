#pragma once

#include <string_view>

namespace proactor {

/// The event mechanism Asio was compiled to run on: "epoll" (Linux, the default), "io_uring"
/// (Linux with PROACTOR_IO_URING), "iocp" (Windows), "kqueue", "/dev/poll" or "select".
/// Fixed at build time; the programs print it in `--version`. Any thread.
std::string_view io_backend() noexcept;

}  // namespace proactor
