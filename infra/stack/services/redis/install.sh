#!/usr/bin/env bash
# Makes sure a redis-server binary exists. Uses Debian's package (Redis 7.0 on bookworm);
# the stack only needs the binary, which run.sh starts with its own dir/port/flags.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${CIAO_STACK_DIR:=$(cd "$here/../../../.." && pwd)/.stack}"

RECIPE="debian:redis-server v1"
opt="$CIAO_STACK_DIR/opt/redis"
marker="$opt/.installed"
if [[ -f "$marker" && "$(head -n1 "$marker")" == "$RECIPE" ]] && command -v redis-server >/dev/null; then
  exit 0
fi

if ! command -v redis-server >/dev/null; then
  command -v apt-get >/dev/null || { echo "[redis] ERROR: redis-server not on PATH and no apt-get to install it" >&2; exit 1; }
  [[ $(id -u) -eq 0 ]] || { echo "[redis] ERROR: redis-server not on PATH; installing it needs root (apt-get)" >&2; exit 1; }
  echo "[redis] apt-get install redis-server"
  export DEBIAN_FRONTEND=noninteractive
  log="$(mktemp)"
  # apt's chatter goes to a temp log that is shown only on failure.
  { apt-get -o DPkg::Lock::Timeout=300 update &&
    apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends redis-server; } >"$log" 2>&1 \
    || { tail -n 20 "$log" >&2; echo "[redis] ERROR: apt-get install redis-server failed" >&2; exit 1; }
  rm -f "$log"
  # The package's postinst starts its own server on 6379 where invoke-rc.d/systemd allows it
  # (containers usually block that with policy-rc.d). Stop that one so it can't take our port.
  pidfile=/run/redis/redis-server.pid
  if [[ -s "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "[redis] stopping the Debian service the package started (pid $(cat "$pidfile"))"
    if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
      systemctl stop redis-server || true
      systemctl disable redis-server >/dev/null 2>&1 || true
    else
      kill "$(cat "$pidfile")" || true
    fi
  fi
fi

mkdir -p "$opt"
ver="$(redis-server --version)"
echo "[redis] $ver"
printf '%s\n%s\n' "$RECIPE" "$ver" > "$marker"
