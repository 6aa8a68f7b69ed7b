#!/usr/bin/env bash
# `npm start`: dependencies, then `ciao start` (stack up, schedules, worker + web until Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec node --import tsx cli/main.ts start "$@"
