#pragma once

// Per-thread caches (spare read buffers, spare write chunks) whose destructor must run when
// their thread ends, one definition per platform:
//
//   template <class T> T& thread_cache();
//     The calling thread's T, created on first use and destroyed when the thread ends.
//   template <class T> T* thread_cache_if_alive() noexcept;
//     The calling thread's T if it was created and not destroyed yet; else null. Never creates.
//
// POSIX: a plain thread_local. Windows (MinGW): TLS is emulated (emutls), and winpthreads runs
// the emutls key's destructor (which frees the thread's TLS block) *before* the one that runs
// thread_local destructors, so a thread_local object's destructor reads freed memory: the
// Windows build crashed at every I/O thread's exit in ~ChunkPool. There the object lives on
// the heap and a fiber-local-storage callback, which gets the pointer itself, deletes it.
#if defined(_WIN32)
#include "thread_cache_windows.hpp"
#else
#include "thread_cache_posix.hpp"
#endif
