#!/bin/sh
# eth1 starts down and unaddressed, as in eth1-up; /etc/network/interfaces holds only the
# loopback and sources interfaces.d, like a fresh Debian install.
mkdir -p /etc/network/interfaces.d
printf '%s\n' '# interfaces(5) file used by ifup(8) and ifdown(8)' 'source /etc/network/interfaces.d/*' '' 'auto lo' 'iface lo inet loopback' > /etc/network/interfaces
