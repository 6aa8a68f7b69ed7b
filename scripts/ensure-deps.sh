#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than package-lock.json, so `npm start` and
# `npm test` work on a fresh clone. Install scripts of dependencies stay off (package.json "allowScripts"):
# none is needed, and onnxruntime-node's would try to download CUDA libraries from the internet.
set -euo pipefail
cd "$(dirname "$0")/.."
# Belt and braces: should anyone allow onnxruntime-node's install script, it must not fetch CUDA libraries
# (the CPU runtime ships inside the package).
export ONNXRUNTIME_NODE_INSTALL=skip
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "== installing npm dependencies (npm ci)"
  start=$(date +%s)
  npm ci --no-audit --no-fund --loglevel=error
  echo "== npm dependencies installed in $(( $(date +%s) - start ))s"
fi
