#!/usr/bin/env bash
# Debian's Chromium for the Playwright browser tests (tests/test_browser.py). Idempotent:
# does nothing when /usr/bin/chromium is already there. Needs root (CI containers run as root).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
