#!/usr/bin/env bash
# Runs one of Kafka's own CLI tools from the installed jars, e.g.
#   tool.sh topics --bootstrap-server 127.0.0.1:9092 --create --topic logs.raw --partitions 3
#   tool.sh console-consumer --bootstrap-server 127.0.0.1:9092 --topic logs.raw --from-beginning
# A fully qualified class name works too. For debugging and scripts; the app uses its own client.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/../../../.." && pwd))"
OPT="${CIAO_STACK_DIR:-$ROOT/.stack}/opt/kafka"
[[ -f "$OPT/.installed" ]] || { echo "[kafka] not installed: run $HERE/install.sh first" >&2; exit 1; }
[[ $# -ge 1 ]] || { echo "usage: tool.sh topics|console-producer|console-consumer|consumer-groups|get-offsets|CLASS [args...]" >&2; exit 2; }
case "$1" in
  topics)           CLASS=org.apache.kafka.tools.TopicCommand ;;
  console-producer) CLASS=org.apache.kafka.tools.ConsoleProducer ;;
  console-consumer) CLASS=org.apache.kafka.tools.consumer.ConsoleConsumer ;;
  consumer-groups)  CLASS=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand ;;
  get-offsets)      CLASS=org.apache.kafka.tools.GetOffsetShell ;;
  *)                CLASS="$1" ;;
esac
shift
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m "-Dlog4j2.configurationFile=$HERE/log4j2-tools.properties" \
  -cp "$OPT/lib/*" "$CLASS" "$@"
