#!/usr/bin/env bash
# npm run build:image: builds the Stacklab guest into $OUT_DIR (public/vm by default).
#   kernel     Debian's linux-source-6.1, tinyconfig + kernel/stacklab.config
#   disk       Debian i386 packages + overlay/ + agent/, as a lazily loaded ext2 disk
#   bios       Debian's seabios
#   snapshot   the guest booted once in Node and saved, so the site restores instead of booting
# Every step is cached by its inputs; a second run with nothing changed takes seconds.
source "$(dirname "$0")/lib/common.sh"
CHUNK_BYTES=262144
MEMORY_BYTES=$((128 * 1024 * 1024))
CMDLINE="console=ttyS0 root=/dev/sda ro rootfstype=ext2 init=/usr/lib/stacklab/preinit bonding.max_bonds=0 dummy.numdummies=0 quiet loglevel=3 mitigations=off"
started=$(date +%s)

# One build at a time per cache: the root filesystem is staged in a shared folder.
exec 9>"$CACHE_DIR/.build.lock"
if ! flock -n 9; then
  log "another image build is using $CACHE_DIR; waiting for it"
  flock 9
fi

if [ ! -s "$OUT_DIR/image.json" ]; then
  log "building the guest image (first time: about 10-15 minutes, most of it the kernel; later runs take seconds)"
  log "steps: Debian i386 packages -> kernel -> root disk -> one boot in the emulator to save the snapshot"
fi
kernel=$("$IMAGE_DIR/kernel.sh")
cp "$kernel" "$OUT_DIR/bzImage"

seabios=$("$IMAGE_DIR/apt.sh" seabios)
bios_dir="$CACHE_DIR/seabios" && rm -rf "$bios_dir" && dpkg-deb -x "$seabios" "$bios_dir"
cp "$bios_dir/usr/share/seabios/bios.bin" "$OUT_DIR/seabios.bin"
cp "$bios_dir/usr/share/seabios/vgabios-stdvga.bin" "$OUT_DIR/vgabios.bin"

disk_key=$(content_key "$IMAGE_DIR/packages.txt" "$IMAGE_DIR/rootfs.sh" "$IMAGE_DIR/disk.sh" \
  $(find "$IMAGE_DIR/overlay" "$IMAGE_DIR/agent" -type f | LC_ALL=C sort))
disk_record="$CACHE_DIR/disk-$disk_key.txt"
if [ -s "$disk_record" ] && [ -d "$OUT_DIR/$(cut -d' ' -f1 "$disk_record")" ]; then
  log "root disk unchanged ($(cut -d' ' -f1 "$disk_record"))"
else
  "$IMAGE_DIR/rootfs.sh" > "$CACHE_DIR/rootfs-debs.txt"
  log "packing the root disk"
  "$IMAGE_DIR/disk.sh" "$CACHE_DIR/rootfs" "$OUT_DIR" "$CHUNK_BYTES" > "$disk_record.tmp"
  mv "$disk_record.tmp" "$disk_record"
fi
read -r disk_dir disk_bytes < "$disk_record"

# The manifest: every Debian package in the image, with version and sha256.
{
  echo '{"packages": ['
  first=1
  while IFS= read -r deb; do
    [ $first = 1 ] || echo ','
    first=0
    printf '  {"name": "%s", "version": "%s", "architecture": "%s", "sha256": "%s"}' \
      "$(dpkg-deb -f "$deb" Package)" "$(dpkg-deb -f "$deb" Version)" \
      "$(dpkg-deb -f "$deb" Architecture)" "$(sha256sum "$deb" | cut -d' ' -f1)"
  done < <(cat "$CACHE_DIR/rootfs-debs.txt"; "$IMAGE_DIR/apt.sh" linux-source-6.1 seabios)
  echo; echo ']}'
} > "$OUT_DIR/manifest.json"

# The build id names kernel, BIOS, boot settings and snapshot procedure (with the first
# commands whose disk chunks it records), then the disk.
build_id=$( (cat "$OUT_DIR/bzImage" "$OUT_DIR/seabios.bin" "$IMAGE_DIR/snapshot.ts" "$IMAGE_DIR/first-commands.ts"; echo "$CMDLINE $MEMORY_BYTES") \
  | sha256sum | cut -c1-8)-${disk_dir#disk-}
cat > "$OUT_DIR/image.json" <<JSON
{
  "format": 1,
  "build": "$build_id",
  "memoryBytes": $MEMORY_BYTES,
  "cmdline": "$CMDLINE",
  "bios": "seabios.bin",
  "vgaBios": "vgabios.bin",
  "kernel": "bzImage",
  "disk": { "url": "$disk_dir/rootfs.img.zst", "bytes": $disk_bytes, "chunkBytes": $CHUNK_BYTES }
}
JSON

if [ -s "$OUT_DIR/state-$build_id.bin.zst" ] && [ -s "$OUT_DIR/state.json" ] \
   && grep -q "\"$build_id\"" "$OUT_DIR/state.json"; then
  log "snapshot unchanged (state-$build_id.bin.zst)"
else
  log "booting the guest once to save the snapshot"
  rm -f "$OUT_DIR"/state-*.bin.zst
  (cd "$REPO_DIR" && npx --no-install tsx image/snapshot.ts "$OUT_DIR")
fi
log "image ready in $OUT_DIR ($(( $(date +%s) - started )) s)"
