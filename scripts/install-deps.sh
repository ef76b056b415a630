#!/usr/bin/env bash
# Installs the Debian 12 packages proactor needs to build, test and benchmark.
# Quiet and fast when everything is present; uses sudo only when not root.
#
#   scripts/install-deps.sh            core toolchain + libraries
#   scripts/install-deps.sh EXTRA...   also the named extra packages, e.g. what
#                                      `make test-windows` needs:
#                                      g++-mingw-w64-x86-64-posix wine wine64
#                                      (wine64 alone puts no `wine` on PATH)
set -euo pipefail

packages=(
  build-essential       # g++ 12, make
  cmake                 # >= 3.25
  ninja-build
  ccache                # compiles once per source and flags, across presets and clones
  pkg-config
  libboost1.81-dev      # Asio, Lockfree, System (headers)
  libboost-system1.81-dev
  libgtest-dev
  libgmock-dev
  libbenchmark-dev
  libssl-dev            # OpenSSL: TLS (proactor::tls) and SHA-256 for file transfer
  openssl               # the CLI: scripts/make-test-certs.sh, s_client interop tests
  python3               # the Python ssl-module interop test
  libprotobuf-dev       # the optional protobuf codec (PROACTOR_WITH_PROTOBUF)
  protobuf-compiler     # protoc, for the .proto files
  libsnappy-dev         # the optional Snappy payload layer (PROACTOR_WITH_SNAPPY)
  procps                # ps/pgrep used by app tests
  redis-server          # the chat scale-out backplane (tests, make run-cluster)
  libhiredis-dev        # hiredis: the chat server's Redis client (PROACTOR_WITH_REDIS)
  haproxy               # the load balancer in front of make run-cluster and its test
)
packages+=("$@")

# Node.js runs the client under clients/node. A machine may already have a newer Node from
# elsewhere (with its own npm); only a machine without one gets Debian's.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if ((EUID == 0)); then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps: missing packages (${missing[*]}) and not root, and no sudo to install them" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has empty package lists; refresh them only when an install is needed.
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
