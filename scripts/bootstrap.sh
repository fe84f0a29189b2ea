#!/usr/bin/env bash
# Installs what a fresh machine of our kind lacks: pnpm, Debian's Chromium (browser tests), a C++
# toolchain (better-sqlite3, the relayer's checkpoint store, compiles from source: no prebuilt
# binaries can be downloaded here), and the workspace's packages. Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*"; }

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "bootstrap: Node.js 20 or newer is required (found $(node --version))" >&2
  exit 1
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION"
  npm install --global --silent "pnpm@$PNPM_VERSION"
fi

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: Chromium is missing; install Debian's package as root: apt-get install chromium" >&2
    exit 1
  fi
  say "installing Debian's chromium (for browser tests)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

missing_tools=()
for tool in g++ make python3; do command -v "$tool" >/dev/null 2>&1 || missing_tools+=("$tool"); done
if [ "${#missing_tools[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: ${missing_tools[*]} missing (better-sqlite3 compiles from source); install as root: apt-get install build-essential python3" >&2
    exit 1
  fi
  say "installing build-essential and python3 (to compile better-sqlite3)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential python3 >/dev/null
fi

say "installing workspace packages"
pnpm install --frozen-lockfile --reporter=silent
say "ready"
