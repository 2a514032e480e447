# Shared paths and helpers for the image build. Sourced, never run.
# STACKLAB_CACHE: downloads and build products reused across runs (outside the repo,
# so a fresh clone on the same machine builds in seconds).
# STACKLAB_IMAGE_OUT: the artefacts the site serves and the tests restore.
set -euo pipefail

IMAGE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$IMAGE_DIR/.." && pwd)"
CACHE_DIR="${STACKLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stacklab}"
OUT_DIR="${STACKLAB_IMAGE_OUT:-$REPO_DIR/public/vm}"
mkdir -p "$CACHE_DIR" "$OUT_DIR"

log() { printf '\033[1m[image]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[image] error:\033[0m %s\n' "$*" >&2; exit 1; }

need_tool() {
  local tool=$1 pkg=$2
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is missing. Install it with: apt-get install $pkg"
}

# A hash of the given files' contents, to key cached build products.
content_key() { cat "$@" | sha256sum | cut -c1-16; }

# Waits up to SECONDS for the background process PID to end; false while it still runs.
wait_for() {
  local pid=$1 seconds=$2 i
  for ((i = 0; i < seconds; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 1
  done
  ! kill -0 "$pid" 2>/dev/null
}
