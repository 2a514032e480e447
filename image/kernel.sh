#!/usr/bin/env bash
# Builds the guest kernel from Debian's linux-source-6.1: tinyconfig plus
# kernel/stacklab.config, everything built in. Prints the bzImage path.
# The product is cached by source version and config fragment.
source "$(dirname "$0")/lib/common.sh"
for t in "flex flex" "bison bison" "bc bc" "make make" "gcc gcc" "xz xz-utils"; do need_tool $t; done
[ -e /usr/include/libelf.h ] || die "libelf headers are missing. Install them with: apt-get install libelf-dev"

deb=$("$IMAGE_DIR/apt.sh" linux-source-6.1)
fragment="$IMAGE_DIR/kernel/stacklab.config"
key=$(basename "$deb" .deb)-$(content_key "$fragment" "$0")
product="$CACHE_DIR/kernel/$key/bzImage"
if [ -s "$product" ]; then echo "$product"; exit 0; fi

work="$CACHE_DIR/kernel/src"
if [ ! -f "$work/.extracted-$(basename "$deb")" ]; then
  log "extracting $(basename "$deb")"
  rm -rf "$work" && mkdir -p "$work/deb"
  dpkg-deb -x "$deb" "$work/deb"
  tar -xaf "$work/deb"/usr/src/linux-source-6.1.tar.xz -C "$work"
  rm -rf "$work/deb"
  touch "$work/.extracted-$(basename "$deb")"
fi
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'linux-source-*' | head -n1)
[ -n "$src" ] || die "no linux source tree under $work"

log "configuring the kernel (tinyconfig + $(basename "$fragment"))"
make -C "$src" -s ARCH=i386 tinyconfig >&2
(cd "$src" && KCONFIG_CONFIG=.config scripts/kconfig/merge_config.sh -m .config "$fragment" >&2)
make -C "$src" -s ARCH=i386 olddefconfig >&2

# Every option the fragment asks for must have survived olddefconfig.
missing=0
while IFS= read -r line; do
  case "$line" in CONFIG_*=n) opt=${line%%=*}; grep -q "^$opt=" "$src/.config" && { log "wanted off, is on: $line"; missing=1; } ;;
    CONFIG_*) grep -qx "$line" "$src/.config" || { log "not applied: $line"; missing=1; } ;; esac
done < "$fragment"
[ "$missing" = 0 ] || die "the kernel config fragment did not apply as written (see above)"

log "building the kernel with $(nproc) jobs: the longest step, about $(( 16 / $(nproc) )) minutes here the first time, reused afterwards"
make -C "$src" -s ARCH=i386 -j"$(nproc)" bzImage >&2 &
make_pid=$!
kernel_started=$(date +%s)
# A line every half minute, so a first build never looks hung.
while ! wait_for "$make_pid" 30; do
  log "still building the kernel ($(( $(date +%s) - kernel_started )) s so far)"
done
wait "$make_pid" || die "the kernel build failed (see the compiler's messages above)"
mkdir -p "$(dirname "$product")"
cp "$src/arch/x86/boot/bzImage" "$product"
cp "$src/.config" "$(dirname "$product")/config"
echo "$product"
