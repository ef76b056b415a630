#pragma once

#include <windows.h>

#include <memory>

namespace proactor::detail {

// The thread's instance; the pointer is trivially destructible, so emutls may free it first.
template <class T>
T*& thread_cache_pointer() noexcept
{
  thread_local T* instance = nullptr;
  return instance;
}

template <class T>
T& thread_cache()
{
  T*& instance = thread_cache_pointer<T>();
  if (!instance) {
    // Runs at the thread's end, after winpthreads' destructors, with the pointer as argument:
    // it touches no TLS. Out of FLS slots (never in practice), the instance is leaked instead.
    static const DWORD key = ::FlsAlloc([](void* owned) { delete static_cast<T*>(owned); });
    auto owned = std::make_unique<T>();
    if (key != FLS_OUT_OF_INDEXES) ::FlsSetValue(key, owned.get());
    instance = owned.release();
  }
  return *instance;
}

template <class T>
T* thread_cache_if_alive() noexcept
{
  return thread_cache_pointer<T>();
}

}  // namespace proactor::detail
