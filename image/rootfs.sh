#!/usr/bin/env bash
# Assembles the guest's root filesystem from Debian i386 packages plus image/overlay
# and the project's own guest programs, in $CACHE_DIR/rootfs.
# Usage: rootfs.sh  (prints the .deb paths it used on stdout)
source "$(dirname "$0")/lib/common.sh"
need_tool readelf binutils
[ -e /usr/lib32/crt1.o ] || [ -e /usr/lib/gcc/x86_64-linux-gnu/*/32/crtbegin.o ] \
  || die "32-bit C support is missing. Install it with: apt-get install gcc-multilib"

mapfile -t debs < <("$IMAGE_DIR/apt.sh" $(sed 's/#.*//' "$IMAGE_DIR/packages.txt" | xargs))
stage="$CACHE_DIR/rootfs"
rm -rf "$stage" && mkdir -p "$stage"
for deb in "${debs[@]}"; do dpkg-deb -x "$deb" "$stage"; done
cd "$stage"

# Merged /usr, as on a current Debian system.
for dir in bin sbin lib; do
  if [ -d "$dir" ] && [ ! -L "$dir" ]; then
    mkdir -p "usr/$dir" && cp -a "$dir/." "usr/$dir/" && rm -rf "$dir"
  fi
  ln -sfn "usr/$dir" "$dir"
done

# What a learner never reads in a terminal, and what only other architectures need.
rm -rf usr/share/doc usr/share/locale usr/share/info usr/share/lintian usr/share/bug \
  usr/share/initramfs-tools usr/share/perl5 usr/share/nano/*.nanorc.* usr/lib/i386-linux-gnu/gconv \
  usr/lib/i386-linux-gnu/tc/q_atm.so etc/apparmor.d usr/bin/bashbug usr/bin/dh_bash-completion \
  usr/share/bash-completion/helpers usr/sbin/arpd usr/sbin/devlink usr/sbin/dcb usr/sbin/rdma \
  usr/sbin/tipc usr/sbin/vdpa usr/sbin/rtmon usr/sbin/rtacct usr/sbin/genl usr/sbin/nfnl_osf \
  usr/sbin/mandocd usr/sbin/makewhatis usr/bin/rdma usr/bin/lnstat usr/bin/ctstat usr/bin/rtstat \
  usr/bin/routel usr/bin/mapropos usr/bin/mwhatis usr/bin/msoelim usr/bin/demandoc \
  usr/bin/mcatman usr/bin/lesskey usr/bin/lessecho usr/bin/iptables-xml
find usr/share/man -mindepth 1 -maxdepth 1 ! -name man8 -exec rm -rf {} +
find usr/share/man/man8 -type f ! \( -name 'ip*.8.gz' -o -name 'bridge.8.gz' -o -name 'tc*.8.gz' \
  -o -name 'ss.8.gz' -o -name 'nft.8.gz' -o -name 'iptables*.8.gz' -o -name 'conntrack.8.gz' \
  -o -name 'tcpdump.8.gz' -o -name 'ethtool.8.gz' -o -name 'ping.8.gz' -o -name 'nstat.8.gz' -o -name 'rtacct.8.gz' \) -delete 2>/dev/null || true

# mandoc's database of the pages kept, so that man shows a page without first warning
# "outdated mandoc.db lacks ip(8) entry" and man -k finds the iproute2 pages. The guest's
# makewhatis is i386, so the host's builds it: the same mandoc release reads and writes the
# same file on every architecture. Another release on the host: no database, and the warning.
guest_mandoc=""
for deb in "${debs[@]}"; do
  case "${deb##*/}" in mandoc_*) guest_mandoc=$(dpkg-deb -f "$deb" Version) ;; esac
done
host_mandoc=$(dpkg-query -W -f='${Version}' mandoc 2>/dev/null || true)
upstream() { local v=${1#*:}; echo "${v%%-*}"; }
if [ -z "$guest_mandoc" ]; then
  :
elif ! command -v makewhatis >/dev/null 2>&1; then
  echo "[rootfs] no man page database: 'makewhatis' is missing (apt-get install mandoc)" >&2
elif [ "$(upstream "$host_mandoc")" != "$(upstream "$guest_mandoc")" ]; then
  echo "[rootfs] no man page database: the host's mandoc is $host_mandoc, the guest's $guest_mandoc" >&2
else
  makewhatis usr/share/man || die "makewhatis could not index the guest's man pages"
fi

# Alternatives that dpkg would have set up.
ln -sf xtables-nft-multi usr/sbin/iptables; ln -sf xtables-nft-multi usr/sbin/ip6tables
for t in save restore; do
  ln -sf xtables-nft-multi "usr/sbin/iptables-$t"; ln -sf xtables-nft-multi "usr/sbin/ip6tables-$t"
done
ln -sf nc.openbsd usr/bin/nc; ln -sf nc.openbsd usr/bin/netcat
# Debian's mandoc acts as man only when called mman (a link named man makes it read "ss" as a file).
printf '#!/bin/sh\nexec mman "$@"\n' > usr/bin/man && chmod 755 usr/bin/man
ln -sf nano usr/bin/editor

# Busybox fills the gaps, and never shadows a real tool (iproute2's ip, iputils' ping).
shadow_never=" ip ipneigh ping ping6 nc less modprobe insmod rmmod lsmod depmod modinfo devmem "
# The applet list is read from the binary's own table: the build never runs a guest (i386)
# binary, since many hosts' kernels cannot.
applets=$(perl "$IMAGE_DIR/lib/busybox-applets.pl" usr/bin/busybox) \
  || die "cannot read the applet table of the guest's busybox (usr/bin/busybox)"
for applet in $applets; do
  case "$shadow_never" in *" $applet "*) continue ;; esac
  [ -e "usr/bin/$applet" ] || [ -e "usr/sbin/$applet" ] || [ -L "usr/bin/$applet" ] || ln -s busybox "usr/bin/$applet"
done
ln -sf busybox usr/bin/sh
ln -sf ../bin/busybox usr/sbin/init

# The project's own guest programs, built from source for i386.
gcc -m32 -Os -Wall -Werror -s -o usr/sbin/stacklab-agent "$IMAGE_DIR/agent/stacklab-agent.c"
gcc -m32 -Os -Wall -Werror -s -o usr/sbin/stacklab-httpd "$IMAGE_DIR/agent/stacklab-httpd.c"
cp -a "$IMAGE_DIR/overlay/." .
mkdir -p proc sys dev run tmp root mnt/rw mnt/disk var/www etc/network/if-up.d etc/network/if-pre-up.d \
  etc/network/if-down.d etc/network/if-post-down.d var/run
chmod 700 root

# Every binary's shared libraries must be in the image; libraries nothing uses are dropped.
elf_needs() { readelf -d "$1" 2>/dev/null | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'; }
elf_runpath() { readelf -d "$1" 2>/dev/null | sed -n 's/.*Library runpath: \[\(.*\)\]/\1/p'; }
declare -A wanted=()
queue=()
while IFS= read -r f; do queue+=("$f"); done < <(find usr -type f \( -perm -u+x -o -path '*/xtables/*' -o -path '*/tc/*' \) )
while [ ${#queue[@]} -gt 0 ]; do
  f=${queue[0]}; queue=("${queue[@]:1}")
  for lib in $(elf_needs "$f"); do
    [ -n "${wanted[$lib]:-}" ] && continue
    path=usr/lib/i386-linux-gnu/$lib
    [ -e "$path" ] || path=$(elf_runpath "$f" | sed 's|^/||')/$lib  # FRR's own libraries
    [ -e "$path" ] || die "$f needs $lib, which no package in image/packages.txt provides"
    wanted[$lib]=1
    queue+=("$(readlink -f "$path" | sed "s|^$stage/||")")
  done
done
for lib in usr/lib/i386-linux-gnu/lib*.so.*; do
  name=$(basename "$lib")
  case "$name" in libc.so.*|libm.so.*|libresolv.so.*|libnss_*|libpthread*|libdl.so.*|librt.so.*|libanl*|libutil*|libgcc_s*) continue ;; esac
  soname=$(readelf -d "$lib" 2>/dev/null | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
  [ -n "${wanted[${soname:-$name}]:-}" ] || rm -f "$lib"
done
find usr/lib/i386-linux-gnu -xtype l -delete

# Completions only for commands the guest has.
for c in usr/share/bash-completion/completions/*; do
  name=$(basename "$c")
  [ -e "usr/bin/$name" ] || [ -e "usr/sbin/$name" ] || [ -L "usr/bin/$name" ] || rm -f "$c"
done

log "root filesystem: $(du -sh --apparent-size . | cut -f1)"
printf '%s\n' "${debs[@]}"
