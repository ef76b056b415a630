#pragma once

namespace proactor::detail {

template <class T>
struct ThreadCacheSlot
{
  // Trivially destructible, so it stays readable while and after the slot is destroyed.
  static bool& alive() noexcept
  {
    thread_local bool value = false;
    return value;
  }
  ThreadCacheSlot() { alive() = true; }
  ~ThreadCacheSlot() { alive() = false; }
  ThreadCacheSlot(const ThreadCacheSlot&) = delete;
  ThreadCacheSlot& operator=(const ThreadCacheSlot&) = delete;

  T value;
};

template <class T>
T& thread_cache()
{
  thread_local ThreadCacheSlot<T> slot;
  return slot.value;
}

template <class T>
T* thread_cache_if_alive() noexcept
{
  return ThreadCacheSlot<T>::alive() ? &thread_cache<T>() : nullptr;
}

}  // namespace proactor::detail
