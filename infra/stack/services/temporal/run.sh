#!/usr/bin/env bash
# Runs the Temporal dev server (frontend gRPC + Web UI) in the foreground.
# State is a SQLite file, so workflows, namespaces and search attributes survive restarts.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${CIAO_STACK_DIR:=$(cd "$here/../../../.." && pwd)/.stack}"
: "${TEMPORAL_PORT:=7233}"
: "${TEMPORAL_UI_PORT:=8233}"

bin="$CIAO_STACK_DIR/opt/temporal/bin/temporal"
[[ -x "$bin" ]] || { echo "[temporal] ERROR: $bin missing; run install.sh first" >&2; exit 1; }
data="$CIAO_STACK_DIR/data/temporal"
mkdir -p "$data"

# --search-attribute is idempotent: re-registering an existing attribute with the same
# type is a no-op, so passing it on every start is safe (and heals a fresh DB).
# --ui-disable-news-fetch: the UI would otherwise try to reach the internet.
exec "$bin" server start-dev \
  --ip 127.0.0.1 \
  --port "$TEMPORAL_PORT" \
  --ui-port "$TEMPORAL_UI_PORT" \
  --db-filename "$data/temporal.db" \
  --namespace default \
  --search-attribute DagId=Keyword \
  --search-attribute LogicalDate=Keyword \
  --ui-disable-news-fetch \
  --log-level warn
