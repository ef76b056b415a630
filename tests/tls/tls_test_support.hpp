#pragma once

// What the TLS tests share: certificates made at test time, a blocking TLS client in which
// every operation has a deadline, framework clients on their own thread, a log sink.

#include "captured_log.hpp"
#include "client_thread.hpp"
#include "test_certs.hpp"
#include "tls_test_client.hpp"
#include <proactor/tls/tls_transport.hpp>
