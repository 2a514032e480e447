#!/usr/bin/env bash
# Installs the Debian packages Stacklab needs on the host (build tools for the guest
# kernel and image, and chromium for the browser tests). Does nothing when all are present.
# Usage: scripts/system-deps.sh [--check]
set -euo pipefail
PACKAGES=(
  # the guest kernel
  gcc make flex bison bc libelf-dev libssl-dev xz-utils
  # compiling the guest's own programs for i386 (the build never runs an i386 binary)
  gcc-multilib
  # the root disk (mandoc: makewhatis indexes the guest's man pages, which its own i386 one cannot here)
  e2fsprogs zstd binutils mandoc
  # the browser tests and benchmarks
  chromium fonts-dejavu-core
)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "${1:-}" = "--check" ]; then
  echo "missing Debian packages: ${missing[*]}" >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "Install these Debian packages as root: apt-get install ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
echo "[setup] installing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q >&2 || echo "[setup] warning: apt-get update reported errors; trying the install anyway" >&2
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
