#include <proactor/session/io_backend.hpp>

#include <boost/asio/detail/config.hpp>

namespace proactor {

// The same order of preference Asio's own scheduler selection follows.
std::string_view io_backend() noexcept
{
#if defined(BOOST_ASIO_HAS_IOCP)
  return "iocp";
#elif defined(BOOST_ASIO_HAS_IO_URING_AS_DEFAULT)
  return "io_uring";
#elif defined(BOOST_ASIO_HAS_EPOLL)
  return "epoll";
#elif defined(BOOST_ASIO_HAS_KQUEUE)
  return "kqueue";
#elif defined(BOOST_ASIO_HAS_DEV_POLL)
  return "/dev/poll";
#else
  return "select";
#endif
}

}  // namespace proactor
