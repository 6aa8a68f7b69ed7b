#!/usr/bin/env bash
# Runs redis-server in the foreground with the stack's own dir and port (never /etc/redis).
# AOF (appendonly) keeps keys across a kill/restart; RDB snapshots are off (--save '').
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${CIAO_STACK_DIR:=$(cd "$here/../../../.." && pwd)/.stack}"
: "${REDIS_PORT:=6379}"

command -v redis-server >/dev/null || { echo "[redis] ERROR: redis-server not on PATH; run install.sh first" >&2; exit 1; }
data="$CIAO_STACK_DIR/data/redis"
mkdir -p "$data"

# No config file: every setting is a flag, so the Debian /etc/redis/redis.conf is never read.
# --logfile '' logs to stdout (the orchestrator captures it); --appendfsync everysec loses
# at most ~1s of writes on SIGKILL.
exec redis-server \
  --bind 127.0.0.1 \
  --port "$REDIS_PORT" \
  --protected-mode yes \
  --dir "$data" \
  --appendonly yes \
  --appendfsync everysec \
  --save '' \
  --daemonize no \
  --supervised no \
  --logfile '' \
  --pidfile '' \
  --loglevel notice
