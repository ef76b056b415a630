#pragma once

// Sleeping on a 32-bit word until another thread changes it, one definition per platform:
//
//   void wait_while_equal(std::atomic<std::uint32_t>& word, std::uint32_t expected);
//     Blocks while `word` holds `expected`. May return spuriously; never misses a change made
//     (and followed by `wake_one`) after the caller read `expected`.
//   void wake_one(std::atomic<std::uint32_t>& word);
//     Wakes one thread blocked on `word`.
//
// POSIX: std::atomic's wait and notify, a futex on Linux. Windows: WaitOnAddress. Not
// std::atomic there: libstdc++ 12 without a futex waits on a shared condition variable that
// the notifier signals without taking its mutex, so a notify landing between the waiter's
// check and its sleep is lost and a consumer sleeps with work queued (seen under Wine as a
// pipelined client waiting forever for replies).
#if defined(_WIN32)
#include "word_wait_windows.hpp"
#else
#include "word_wait_posix.hpp"
#endif
