#!/usr/bin/env bash
# Debian packages the app needs that are not servers: headless Chromium (puppeteer-core
# drives /usr/bin/chromium), Tesseract OCR with Korean data, and fonts that render Hangul.
# No run.sh: nothing here listens on a port.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${CIAO_STACK_DIR:=$(cd "$here/../../../.." && pwd)/.stack}"

# tesseract-ocr already depends on -eng and -osd, so `-l kor+eng` works.
# fonts-liberation: Arial/Times-metric fonts (only a Recommends of chromium, which we skip).
PACKAGES=(chromium tesseract-ocr tesseract-ocr-kor fonts-nanum fonts-liberation)

# One dpkg-query call for all packages (unknown ones print nothing, hence `|| true`).
ok=" $(dpkg-query -W -f='${Package}=${Status}\n' "${PACKAGES[@]}" 2>/dev/null | sed -n 's/=install ok installed$//p' | tr '\n' ' ' || true) "
missing=()
for p in "${PACKAGES[@]}"; do
  [[ "$ok" == *" $p "* ]] || missing+=("$p")
done
# Fast path: everything present, apt is never touched.
if [[ ${#missing[@]} -eq 0 ]]; then
  mkdir -p "$CIAO_STACK_DIR/opt/system"
  echo "${PACKAGES[*]}" > "$CIAO_STACK_DIR/opt/system/.installed"
  exit 0
fi

command -v apt-get >/dev/null || { echo "[system] ERROR: missing ${missing[*]} and no apt-get" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || { echo "[system] ERROR: missing ${missing[*]}; installing needs root (apt-get)" >&2; exit 1; }

echo "[system] apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
# --no-install-recommends skips upower, notification-daemon, printing tools etc. that a
# headless browser doesn't use. Lock timeout: another apt run may be in progress.
{ apt-get -o DPkg::Lock::Timeout=300 update &&
  apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 \
  || { tail -n 20 "$log" >&2; echo "[system] ERROR: apt-get install ${missing[*]} failed" >&2; exit 1; }
rm -f "$log"

echo "[system] $(chromium --version 2>/dev/null || echo 'chromium: ?')"
echo "[system] $(tesseract --version 2>&1 | head -n1); langs: $(tesseract --list-langs 2>/dev/null | tail -n +2 | tr '\n' ' ')"
mkdir -p "$CIAO_STACK_DIR/opt/system"
echo "${PACKAGES[*]}" > "$CIAO_STACK_DIR/opt/system/.installed"
echo "[system] done"
