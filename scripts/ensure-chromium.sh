#!/usr/bin/env bash
# Makes sure a Chromium is available for the browser and Storybook tests: Debian's `chromium`
# package (Playwright never downloads a browser here). Set CHROMIUM_PATH to use another binary.
set -euo pipefail
BIN=${CHROMIUM_PATH:-/usr/bin/chromium}
CMD="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium"
if [ -x "$BIN" ]; then exit 0; fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "chromium: error: CHROMIUM_PATH=$BIN is not an executable" >&2
  exit 1
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "chromium: error: /usr/bin/chromium is missing and this shell cannot install it (needs root and apt-get)." >&2
  echo "chromium: run as root:  $CMD" >&2
  echo "chromium: or point CHROMIUM_PATH at a Chromium/Chrome binary." >&2
  exit 1
fi
echo "chromium: /usr/bin/chromium is missing; installing Debian's package (once per machine)…"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends chromium
echo "chromium: installed $("$BIN" --version 2>/dev/null || echo "$BIN")"
