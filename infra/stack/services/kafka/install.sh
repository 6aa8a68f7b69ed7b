#!/usr/bin/env bash
# Installs the Kafka broker jars from Maven Central into $CIAO_STACK_DIR/opt/kafka/lib.
set -euo pipefail

NAME=kafka
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The repo root is the folder above infra/ (services/kafka -> services -> stack -> infra -> root).
ROOT="$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/../../../.." && pwd))"
CIAO_STACK_DIR="${CIAO_STACK_DIR:-$ROOT/.stack}"
OPT="$CIAO_STACK_DIR/opt/$NAME"
MARKER="$OPT/.installed"

log() { echo "[$NAME] $*"; }
die() { echo "[$NAME] ERROR: $*" >&2; exit 1; }

# The recipe is the pom: any change to it (versions, exclusions) forces a re-install.
RECIPE="kafka-recipe-1 $(sha256sum "$HERE/pom.xml" | cut -c1-16)"

if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$RECIPE" ]]; then
  log "already installed ($RECIPE)"
  exit 0
fi

command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$JAVA" >/dev/null || die "java not found (Kafka 4 needs Java 17+)"
JAVA_MAJOR="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
[[ "${JAVA_MAJOR:-0}" -ge 17 ]] || die "Kafka 4 needs Java 17+, found '${JAVA_MAJOR:-unknown}' at $JAVA"

mkdir -p "$CIAO_STACK_DIR/opt"
# Download into a scratch dir and swap it in at the end, so an interrupted install never
# leaves a half-filled lib/ that looks installed.
TMP="$(mktemp -d "$CIAO_STACK_DIR/opt/.$NAME.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

log "resolving Kafka jars from Maven Central (pom: $HERE/pom.xml)"
# -DoutputDirectory keeps everything out of the repo; pom packaging writes no target/.
if ! mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$TMP/lib" >"$TMP/mvn.log" 2>&1; then
  cat "$TMP/mvn.log" >&2
  die "mvn dependency:copy-dependencies failed"
fi
[[ -n "$(ls "$TMP/lib"/kafka_2.13-*.jar 2>/dev/null)" ]] || die "kafka_2.13 jar missing after resolve"
rm -f "$TMP/mvn.log"

echo "$RECIPE" >"$TMP/.installed"
rm -rf "$OPT"
mv "$TMP" "$OPT"
trap - EXIT
log "installed $(ls "$OPT/lib" | wc -l) jars into $OPT/lib"
