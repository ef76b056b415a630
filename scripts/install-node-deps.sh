#!/usr/bin/env bash
# Installs the Node.js client's packages (clients/node) exactly as package-lock.json pins them.
# Quiet and fast when node_modules is already up to date with the lock file.
set -euo pipefail
cd "$(dirname "$0")/../clients/node"

stamp=node_modules/.package-lock.json
if [[ -f "$stamp" && "$stamp" -nt package-lock.json ]]; then
  exit 0
fi
echo "install-node-deps: npm ci in clients/node"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
