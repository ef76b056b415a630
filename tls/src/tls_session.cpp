// The one place BasicSession is compiled for TLS.
#include <proactor/session/impl/basic_session.hpp>
#include <proactor/tls/tls_session.hpp>

namespace proactor {

template class BasicSession<TlsStream>;

}  // namespace proactor
