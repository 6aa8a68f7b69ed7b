#!/usr/bin/env bash
# Installs the HDFS mini cluster (Maven Central jars + a compiled launcher) into
# $CIAO_STACK_DIR/opt/hdfs. Idempotent: a marker holding a hash of this recipe makes
# re-runs a no-op; any change to pom.xml, the launcher or this script reinstalls.
set -euo pipefail

SERVICE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SERVICE_DIR/../../.." && pwd)"
CIAO_STACK_DIR="${CIAO_STACK_DIR:-$REPO_ROOT/.stack}"
OPT="$CIAO_STACK_DIR/opt/hdfs"
MARKER="$OPT/.installed"
HADOOP_VERSION="3.5.0"
# Pinned so a cold ~/.m2 doesn't depend on whatever plugin version Maven picks by default.
DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

log() { echo "[hdfs] $*"; }
die() { echo "[hdfs] ERROR: $*" >&2; exit 1; }

RECIPE="hadoop-$HADOOP_VERSION $(cat "$SERVICE_DIR/pom.xml" "$SERVICE_DIR/HdfsLauncher.java" "$SERVICE_DIR/JarSplit.java" "$SERVICE_DIR/install.sh" | sha256sum | cut -c1-16)"
if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$RECIPE" ]]; then
  log "already installed ($RECIPE)"
  exit 0
fi

for tool in java javac mvn; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found on PATH (need a JDK 17+ and Maven 3.6.3+)"
done
JAVA_MAJOR="$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')"
[[ "$JAVA_MAJOR" =~ ^[0-9]+$ && "$JAVA_MAJOR" -ge 17 ]] || die "Hadoop $HADOOP_VERSION needs JDK 17+, javac reports: $(javac -version 2>&1)"

log "installing Hadoop $HADOOP_VERSION mini cluster into $OPT"
rm -f "$MARKER"
rm -rf "$OPT/lib" "$OPT/classes" "$OPT/build"
mkdir -p "$OPT/build" "$OPT/classes"

# Maven runs on a copy of the pom so nothing (target/, etc.) is ever written into the repo.
cp "$SERVICE_DIR/pom.xml" "$OPT/build/pom.xml"
log "resolving jars from Maven Central (about 120 MB on a cold ~/.m2)"
if ! mvn -q -B -f "$OPT/build/pom.xml" "$DEP_PLUGIN:copy-dependencies" \
      -DincludeScope=runtime -DoutputDirectory="$OPT/lib" >"$OPT/build/mvn.log" 2>&1; then
  tail -n 30 "$OPT/build/mvn.log" >&2
  die "mvn dependency:copy-dependencies failed (full log: $OPT/build/mvn.log)"
fi
ls "$OPT/lib"/hadoop-client-minicluster-*.jar >/dev/null 2>&1 || die "hadoop-client-minicluster jar missing after mvn"

log "compiling launcher"
# (javac's stderr is only shown on failure: it always warns about sun.misc.Signal.)
javac -nowarn --release 17 -cp "$OPT/lib/*" -d "$OPT/classes" "$SERVICE_DIR/HdfsLauncher.java" 2>"$OPT/build/javac.log" \
  || { cat "$OPT/build/javac.log" >&2; die "javac failed on HdfsLauncher.java"; }

# Startup-time optimisation, see JarSplit.java: WebHDFS resource packages get their own jar.
log "splitting WebHDFS resource classes out of the shaded jars"
mkdir -p "$OPT/build/tools"
javac -nowarn --release 17 -d "$OPT/build/tools" "$SERVICE_DIR/JarSplit.java" || die "javac failed on JarSplit.java"
java -cp "$OPT/build/tools" JarSplit "$OPT/lib/hadoop-webhdfs-resources.jar" \
  "org/apache/hadoop/hdfs/web/resources/,org/apache/hadoop/hdfs/server/namenode/web/resources/" \
  "$OPT/lib/hadoop-client-api-$HADOOP_VERSION.jar" "$OPT/lib/hadoop-client-minicluster-$HADOOP_VERSION.jar" \
  || die "JarSplit failed"

rm -rf "$OPT/build"
echo "$RECIPE" >"$MARKER"
log "installed ($RECIPE)"
