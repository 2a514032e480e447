#!/usr/bin/env bash
# Packs the staged root filesystem into a read-only ext2 disk image and splits it into
# zstd-compressed chunks that the emulator fetches on demand.
# Usage: disk.sh STAGE_DIR OUT_DIR CHUNK_BYTES  (prints "<dir-name> <image-bytes>")
source "$(dirname "$0")/lib/common.sh"
need_tool mke2fs e2fsprogs; need_tool zstd zstd
stage=$1 out=$2 chunk=$3

files=$(find "$stage" | wc -l)
used_kib=$(du -sk --apparent-size "$stage" | cut -f1)
# Room for ext2's own metadata, rounded up to whole chunks.
size=$(( (used_kib * 1024 * 13 / 10 + 4 * 1024 * 1024 + chunk - 1) / chunk * chunk ))
image="$CACHE_DIR/rootfs.ext2"
rm -f "$image"
mke2fs -q -F -t ext2 -b 4096 -N $((files + 256)) -L stacklab -E root_owner=0:0 \
  -d "$stage" "$image" "$((size / 1024))k" >&2 || die "mke2fs could not build the root disk"

hash=$(sha256sum "$image" | cut -c1-12)
dir="disk-$hash"
rm -rf "$out"/disk-* && mkdir -p "$out/$dir"
parts="$CACHE_DIR/disk-parts" && rm -rf "$parts" && mkdir -p "$parts"
split -b "$chunk" -d -a 5 "$image" "$parts/p"
i=0
for part in "$parts"/p*; do
  offset=$((i * chunk))
  zstd -q -19 -f "$part" -o "$out/$dir/rootfs-$offset-$((offset + chunk)).img.zst" &
  (( ++i % $(nproc) == 0 )) && wait
done
wait
rm -rf "$parts"
echo "$dir $size"
