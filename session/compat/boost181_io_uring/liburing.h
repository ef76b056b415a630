// liburing, seen through a correction for Boost 1.81's io_uring backend.
//
// Asio 1.81 prepares its cancel and timeout-remove submissions without setting their user
// data, and liburing 2.3 leaves whatever the ring slot held from an earlier submission. The
// kernel echoes that stale value in the completion, so Asio hands the cancel's result
// (0, -ENOENT, -EALREADY) to whichever operation queue last used the slot: an accept fails
// with "No such file or directory", a read "completes" with no bytes, and the real completion
// later lands on the wrong operation. Asio 1.27 (Boost 1.82) sets the user data to null, which
// its completion loop ignores; this header does the same for the two preparations that lack
// it. It is put ahead of the system's liburing.h only for io_uring builds on Boost < 1.82.
#pragma once

#include_next <liburing.h>

static inline void proactor_io_uring_prep_cancel(struct io_uring_sqe* sqe, void* user_data,
                                                 int flags)
{
  io_uring_prep_cancel(sqe, user_data, flags);
  io_uring_sqe_set_data(sqe, 0);
}

static inline void proactor_io_uring_prep_timeout_remove(struct io_uring_sqe* sqe, __u64 user_data,
                                                         unsigned flags)
{
  io_uring_prep_timeout_remove(sqe, user_data, flags);
  io_uring_sqe_set_data(sqe, 0);
}

// Asio calls these as `::io_uring_prep_...`; the replacements live in the global namespace.
#define io_uring_prep_cancel proactor_io_uring_prep_cancel
#define io_uring_prep_timeout_remove proactor_io_uring_prep_timeout_remove
