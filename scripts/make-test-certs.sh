#!/usr/bin/env bash
# Makes a throw-away certificate authority and a certificate for localhost, for tests and
# local trials of the TLS programs. Nothing here is fit for production; never commit the keys.
#
#   scripts/make-test-certs.sh DIR
#
# DIR/ca.pem, ca.key              the CA (trust it with --tls-ca DIR/ca.pem)
# DIR/server.pem, server.key      localhost: SAN DNS:localhost, IP:127.0.0.1, IP:::1
# DIR/server-encrypted.key        the same key under the password "test-password"
# DIR/client.pem, client.key      a client certificate from the same CA (mutual TLS)
# DIR/other-ca.pem, other-ca.key  an unrelated CA (a client trusting it must refuse the server)
# Keys are ECDSA P-256; certificates are valid for 30 days.
set -euo pipefail

if (($# != 1)); then
  echo "usage: $0 DIR" >&2
  exit 2
fi
command -v openssl >/dev/null || { echo "make-test-certs: the openssl program is missing (apt-get install openssl)" >&2; exit 1; }

dir=$1
mkdir -p "$dir"
cd "$dir"
umask 077
days=30
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

make_ca() {  # name subject
  new_key "$1.key"
  openssl req -x509 -new -key "$1.key" -sha256 -days "$days" -subj "$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$1.pem"
}

issue() {  # name subject extensions-file
  new_key "$1.key"
  openssl req -new -key "$1.key" -subj "$2" -out "$tmp/$1.csr"
  openssl x509 -req -in "$tmp/$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -CAserial "$tmp/ca.srl" \
    -days "$days" -sha256 -extfile "$3" -out "$1.pem" 2>/dev/null
}

make_ca ca "/CN=proactor test CA"
make_ca other-ca "/CN=proactor unrelated test CA"

cat >"$tmp/server.ext" <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
EXT
issue server "/CN=localhost" "$tmp/server.ext"

cat >"$tmp/client.ext" <<'EXT'
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
EXT
issue client "/CN=proactor test client" "$tmp/client.ext"

openssl pkey -in server.key -aes256 -passout pass:test-password -out server-encrypted.key
chmod 644 ./*.pem
