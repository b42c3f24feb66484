#!/usr/bin/env bash
# Browser tests drive Debian's chromium package. Install it when missing and we can (root + apt).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${MUFAKAT_CHROMIUM:-}" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "FAIL: chromium is missing and cannot be installed here (needs root and apt-get); browser tests cannot run." >&2
  exit 1
fi
echo "NOTE: chromium is missing (install it with 'apt-get install -y chromium' as root); browser tests will be skipped."
