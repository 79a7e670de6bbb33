#!/usr/bin/env bash
# Debian's Chromium, for the editor tests (playwright-core drives it; no browser download).
# Does nothing when /usr/bin/chromium is already there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "[install-chromium] installing Debian's chromium ..." >&2
$SUDO apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
/usr/bin/chromium --version >&2
