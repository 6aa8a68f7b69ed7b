#!/usr/bin/env bash
# Creates the detector's Python venv under .stack/venvs/detector (idempotent; a no-op when it is up to date).
#   bash ml/detector/setup.sh           runtime only: numpy, pillow, onnxruntime (parity tests, bench, eval)
#   bash ml/detector/setup.sh --train   also jax and onnx, to generate data, train and export
#   bash ml/detector/setup.sh --pretrained  also tflite2onnx, to build the two-stage detector's files
# Prints the venv's python path on the last line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${DETECTOR_VENV:-$root/.stack/venvs/detector}"
req="$here/requirements.txt"
[[ "${1:-}" == "--train" ]] && req="$here/requirements-train.txt"
[[ "${1:-}" == "--pretrained" ]] && req="$here/requirements-pretrained.txt"
want="$(cat "$here/requirements.txt" "$req" | sha256sum | cut -c1-16)-$(basename "$req")"
stamp="$venv/.installed"

# Up to date when this requirements set, or the training superset, was installed from the same files.
if [[ -x "$venv/bin/python" && -f "$stamp" ]]; then
  if grep -qxF "$want" "$stamp" || { [[ "$req" == "$here/requirements.txt" ]] && \
      grep -qxF "$(cat "$here/requirements.txt" "$here/requirements-train.txt" | sha256sum | cut -c1-16)-requirements-train.txt" "$stamp"; }; then
    echo "$venv/bin/python"
    exit 0
  fi
fi

python="${PYTHON:-python3}"
mkdir -p "$(dirname "$venv")"
[[ -x "$venv/bin/python" ]] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" >&2
echo "$want" >> "$stamp"
echo "$venv/bin/python"
