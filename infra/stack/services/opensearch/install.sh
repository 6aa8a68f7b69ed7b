#!/usr/bin/env bash
# Installs an OpenSearch 2.19.6 node into $CIAO_STACK_DIR/opt/opensearch from Maven Central jars
# plus a small launcher compiled here (there is no distribution tarball to download).
set -euo pipefail

NAME=opensearch
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/../../../.." && pwd))"
STACK="${CIAO_STACK_DIR:-$ROOT/.stack}"
OPT="$STACK/opt/$NAME"
MARKER="$OPT/.installed"

log() { echo "[$NAME] $*"; }
die() { echo "[$NAME] ERROR: $*" >&2; exit 1; }

# The recipe is everything in this folder that shapes the install; any edit reinstalls.
RECIPE="$(cd "$HERE" && cat install.sh pom.xml log4j2.properties ./*.java | sha256sum | cut -c1-16)"
if [[ -f "$MARKER" && "$(cat "$MARKER")" == "opensearch-2.19.6-$RECIPE" ]]; then
  exit 0
fi

command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
command -v javac >/dev/null || die "javac not found (a JDK 17+ is needed)"
JV="$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')"
[[ "$JV" =~ ^[0-9]+$ && "$JV" -ge 17 ]] || die "javac $JV found; JDK 17+ needed"

log "installing into $OPT"
rm -rf "$OPT.tmp"
mkdir -p "$OPT.tmp/lib" "$OPT.tmp/classes" "$OPT.tmp/config"

log "copying jars from Maven Central (mvn dependency:copy-dependencies)"
# -B: no colour/progress; only errors are shown. Repo stays clean: packaging=pom builds nothing.
if ! mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$OPT.tmp/lib" >"$OPT.tmp/mvn.log" 2>&1; then
  cat "$OPT.tmp/mvn.log" >&2
  die "maven could not fetch the jars (see above)"
fi

log "compiling the launcher"
javac --release 17 -nowarn -d "$OPT.tmp/classes" -cp "$OPT.tmp/lib/*" "$HERE"/*.java \
  || die "javac failed"
cp "$HERE/log4j2.properties" "$OPT.tmp/config/"

rm -rf "$OPT"
mv "$OPT.tmp" "$OPT"
echo "opensearch-2.19.6-$RECIPE" >"$MARKER"
log "installed ($(ls "$OPT/lib" | wc -l) jars)"
