#!/usr/bin/env bash
# Starts HDFS (1 NameNode + 1 DataNode in one JVM) in the foreground; exec's java so the
# orchestrator's pid is the server's. Data persists in $CIAO_STACK_DIR/data/hdfs.
set -euo pipefail

SERVICE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SERVICE_DIR/../../.." && pwd)"
CIAO_STACK_DIR="${CIAO_STACK_DIR:-$REPO_ROOT/.stack}"
OPT="$CIAO_STACK_DIR/opt/hdfs"
DATA="$CIAO_STACK_DIR/data/hdfs"

export HDFS_NAMENODE_PORT="${HDFS_NAMENODE_PORT:-8020}"
export HDFS_HTTP_PORT="${HDFS_HTTP_PORT:-9870}"
export HDFS_DATANODE_HTTP_PORT="${HDFS_DATANODE_HTTP_PORT:-9864}"
HDFS_HEAP="${HDFS_HEAP:-512m}"
# Hadoop logs every RPC/audit event at INFO; warn keeps the log readable. Override to debug.
HDFS_LOG_LEVEL="${HDFS_LOG_LEVEL:-warn}"

[[ -f "$OPT/.installed" ]] || { echo "[hdfs] not installed: run $SERVICE_DIR/install.sh first" >&2; exit 1; }
# Jetty unpacks the web UIs into java.io.tmpdir under a new random name on every start;
# a scratch dir wiped here keeps those from piling up after kills.
rm -rf "$DATA/scratch"
mkdir -p "$DATA/scratch"

# Hadoop still reflects into JDK internals (buffers, Subject, ...) that Java 17 closes by default.
JAVA_OPENS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
)

exec java \
  -Xms64m -Xmx"$HDFS_HEAP" -XX:+UseSerialGC \
  -Djava.net.preferIPv4Stack=true \
  -Djava.io.tmpdir="$DATA/scratch" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel="$HDFS_LOG_LEVEL" \
  -Dorg.slf4j.simpleLogger.showDateTime=true \
  -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd'T'HH:mm:ss.SSS" \
  "${JAVA_OPENS[@]}" \
  -cp "$OPT/classes:$OPT/lib/*" \
  HdfsLauncher "$DATA"
