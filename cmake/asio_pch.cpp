// Translation unit that owns the precompiled <boost/asio.hpp> (see ProactorPch.cmake).
#include <boost/asio.hpp>
