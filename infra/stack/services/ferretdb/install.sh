#!/usr/bin/env bash
# Builds the embedded-FerretDB server (main.go in this folder) into
# $CIAO_STACK_DIR/opt/ferretdb/ferretdb. Modules come from the Go module proxy,
# pinned by the committed go.mod/go.sum.
set -euo pipefail

NAME=ferretdb
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../../../.." && pwd)"
CIAO_STACK_DIR="${CIAO_STACK_DIR:-$REPO_ROOT/.stack}"
OPT="$CIAO_STACK_DIR/opt/$NAME"
MARKER="$OPT/.installed"

log() { echo "[$NAME] $*"; }
die() { echo "[$NAME] ERROR: $*" >&2; exit 1; }

# The recipe hash covers every input of the build, so editing main.go or
# bumping go.mod triggers a rebuild while an unchanged recipe is a no-op.
RECIPE="ferretdb-v1.24.2 $(cat "$HERE/go.mod" "$HERE/go.sum" "$HERE"/*.go "$HERE/install.sh" | sha256sum | cut -c1-16)"

if [[ -x "$OPT/$NAME" && -f "$MARKER" && "$(cat "$MARKER")" == "$RECIPE" ]]; then
  log "already installed ($RECIPE)"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "go not found on PATH (need Go >= 1.24)"
# Refuse an old toolchain instead of letting go fetch one at build time.
GOVER="$(go env GOVERSION)"
GOMINOR="$(echo "$GOVER" | sed -E 's/^go1\.([0-9]+).*/\1/')"
[[ "$GOMINOR" =~ ^[0-9]+$ && "$GOMINOR" -ge 24 ]] || die "need Go >= 1.24, found $GOVER"

mkdir -p "$OPT"
rm -f "$MARKER"
log "building FerretDB v1.24.2 (SQLite backend) with $GOVER; first build takes a few minutes"
start=$(date +%s)
# ferretdb_no_postgresql: the PostgreSQL backend is unused and only slows the build.
# -mod=readonly: go.sum in this folder is authoritative; never rewrite it.
# One line of FerretDB is patched in a copy of its module (3.4 MB) that a workspace file puts in its place;
# the module cache and go.sum stay as they are. Why: FerretDB v1.24's SQLite backend looks documents up by
# _id with `_ferretdb_sjson->'$._id'`, but creates the _id index on `_ferretdb_sjson->"_id"`. SQLite only
# uses an expression index for the same expression, so every find, update and delete by _id read and parsed
# the whole table (a 1 MiB GridFS chunk took 60-80 ms to find among 50). `->'_id'` means the same to SQLite
# (a label is a top-level key) and matches the index; existing databases need nothing else.
FERRET_DIR="$(cd "$HERE" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly go mod download -json github.com/FerretDB/FerretDB | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
[[ -n "$FERRET_DIR" && -d "$FERRET_DIR" ]] || die "FerretDB module source not found"
SRC="$OPT/src/FerretDB"
rm -rf "$OPT/src" && mkdir -p "$OPT/src" && cp -r "$FERRET_DIR" "$SRC" && chmod -R u+w "$SRC"
ID_FILE="$SRC/internal/backends/sqlite/metadata/metadata.go"
sed -i "s/IDColumn = DefaultColumn + \"->'\\\$._id'\"/IDColumn = DefaultColumn + \"->'_id'\"/" "$ID_FILE"
grep -q "IDColumn = DefaultColumn + \"->'_id'\"" "$ID_FILE" || die "the _id column patch no longer applies to $FERRET_DIR"
printf 'go 1.24\n\nuse %s\n\nreplace github.com/FerretDB/FerretDB v1.24.2 => %s\n' "$HERE" "$SRC" > "$OPT/go.work"
(
  cd "$HERE"
  GOWORK="$OPT/go.work" GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED=0 \
    go build -trimpath -tags ferretdb_no_postgresql -ldflags "-s -w" \
    -o "$OPT/$NAME.tmp" .
) || die "go build failed"
mv -f "$OPT/$NAME.tmp" "$OPT/$NAME"
echo "$RECIPE" > "$MARKER"
log "installed $OPT/$NAME in $(( $(date +%s) - start ))s"
