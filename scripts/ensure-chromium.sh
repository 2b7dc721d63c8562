#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright (no browser download):
# install it from Debian's packages when it is missing (root, apt-get).
set -euo pipefail
# Noto fonts so that Arabic and Chinese screenshots show letters, not boxes.
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is needed by the browser tests: install it (apt-get install chromium)" >&2
  echo "or set CHROMIUM to a Chromium binary." >&2
  exit 1
fi
echo "Installing Chromium for the browser tests ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium fonts-noto-core fonts-noto-cjk >&2
