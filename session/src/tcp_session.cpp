// The one place BasicSession is compiled for plain TCP.
#include <proactor/session/impl/basic_session.hpp>

namespace proactor {

template class BasicSession<TcpSocket>;

}  // namespace proactor
