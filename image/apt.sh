#!/usr/bin/env bash
# Downloads Debian i386 packages through a private apt state (the host's package
# configuration is untouched; the archive location comes from the system's own
# apt sources). Usage: apt.sh PACKAGE... ; prints the .deb paths, one per line.
source "$(dirname "$0")/lib/common.sh"

APT_DIR="$CACHE_DIR/apt"
DEB_DIR="$APT_DIR/debs"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$DEB_DIR"
: > "$APT_DIR/status.empty" 2>/dev/null || true
[ -s "$APT_DIR/status" ] || : > "$APT_DIR/status"

APT_OPTS=(
  -o APT::Architecture=i386 -o APT::Architectures=i386
  -o Dir::State::Lists="$APT_DIR/lists"
  -o Dir::State::status="$APT_DIR/status"
  -o Dir::Cache="$APT_DIR/cache"
  -o Debug::NoLocking=1
  -o APT::Sandbox::User=root
  -q
)

# Refresh the private package lists at most once a day.
stamp="$APT_DIR/lists/.updated"
if [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
  log "updating the private i386 package lists"
  if ! apt-get "${APT_OPTS[@]}" update >&2 2>"$APT_DIR/update.log" && ! apt-get "${APT_OPTS[@]}" update >&2; then
    # A mirror mid-sync can fail one suite (often security); the main suite is enough to build.
    ls "$APT_DIR/lists/"*i386_Packages* >/dev/null 2>&1 \
      || die "apt-get update failed and no i386 package list exists; check the network and /etc/apt/sources.list*"
    log "warning: some package lists failed to update; building from the ones that did"
  fi
  touch "$stamp"
fi

for pkg in "$@"; do
  version=$(apt-cache "${APT_OPTS[@]}" show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n1)
  [ -n "$version" ] || die "package '$pkg' is not in the i386 archive"
  existing=$(ls "$DEB_DIR/${pkg}_"*"_"*.deb 2>/dev/null | grep -F "_${version//:/%3a}_" | head -n1 || true)
  if [ -z "$existing" ]; then
    (cd "$DEB_DIR" && apt-get "${APT_OPTS[@]}" download "$pkg=$version" >&2) || die "could not download $pkg=$version"
    existing=$(ls "$DEB_DIR/${pkg}_"*.deb | grep -F "_${version//:/%3a}_" | head -n1)
  fi
  echo "$existing"
done
