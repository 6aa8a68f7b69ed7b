#!/usr/bin/env bash
# Runs the single OpenSearch node in the foreground (exec: the pid is the JVM's).
# Prints "READY opensearch http://127.0.0.1:<port> ..." once the cluster is yellow/green;
# SIGTERM closes the node cleanly, SIGKILL is also survivable (Lucene commits + translog).
set -euo pipefail

NAME=opensearch
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/../../../.." && pwd))"
STACK="${CIAO_STACK_DIR:-$ROOT/.stack}"
OPT="$STACK/opt/$NAME"
DATA="$STACK/data/$NAME"
HTTP_PORT="${OPENSEARCH_PORT:-9200}"
TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-9300}"

[[ -f "$OPT/.installed" ]] || { echo "[$NAME] not installed: run $HERE/install.sh" >&2; exit 1; }
mkdir -p "$DATA/tmp"

JAVA="java"
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && JAVA="$JAVA_HOME/bin/java"

# JVM flags: the subset of OpenSearch's own jvm.options that matters without its launcher.
# G1 (not Serial) because the real-memory circuit breaker is tuned for it.
exec "$JAVA" \
  -Xms256m -Xmx512m -XX:+UseG1GC -Xss1m \
  -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$DATA" -XX:ErrorFile="$DATA/hs_err_pid%p.log" \
  -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djna.nosys=true \
  -Djava.locale.providers=SPI,COMPAT \
  -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true \
  -Dio.netty.recycler.maxCapacityPerThread=0 \
  -Dlog4j2.disable.jmx=true -Dlog4j.shutdownHookEnabled=false \
  -Djava.io.tmpdir="$DATA/tmp" \
  -Dciao.opensearch.painless="${OPENSEARCH_PAINLESS:-true}" \
  -cp "$OPT/classes:$OPT/lib/*" \
  ciao.opensearch.CiaoOpenSearch "$OPT/config" "$DATA" \
  "http.port=$HTTP_PORT" "transport.port=$TRANSPORT_PORT"
