#pragma once

// Sleeping on a 32-bit word until another thread changes it, one definition per platform:
//
//   void wait_while_equal(std::atomic<std::uint32_t>& word, std::uint32_t expected);
//     Blocks while `word` holds `expected`. May return spuriously; never misses a change made
//     (and followed by `wake_one`) after the caller read `expected`.
//   void wake_one(std::atomic<std::uint32_t>& word);
//     Wakes one thread blocked on `word`.
//   unsigned usable_cpus();
//     CPUs this process may run on (its affinity mask): spinning for a producer only helps
//     when the producer can run at the same time, on another one.
//
// Linux: the futex. Other POSIX: std::atomic's wait and notify. Windows: WaitOnAddress. Not
// std::atomic there: libstdc++ 12 without a futex waits on a shared condition variable that
// the notifier signals without taking its mutex, so a notify landing between the waiter's
// check and its sleep is lost and a consumer sleeps with work queued (seen under Wine as a
// pipelined client waiting forever for replies).
#if defined(_WIN32)
#include "word_wait_windows.hpp"
#else
#include "word_wait_posix.hpp"
#endif
