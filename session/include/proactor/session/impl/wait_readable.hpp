#pragma once

// How an idle session waits for input without holding a read buffer: one function,
// `detail::async_wait_readable(stream, handler)`, with one definition per platform.
#if defined(_WIN32)
#include <proactor/session/impl/wait_readable_windows.hpp>
#else
#include <proactor/session/impl/wait_readable_posix.hpp>
#endif
