#!/bin/bash
# The troubleshooting lab: client (10.0.1.2) -- (10.0.1.1) router (10.0.2.1) -- web (10.0.2.2),
# with a web server on web:80. Fixed MAC addresses let the grader tell the original lab from a rebuilt one.
# One ip batch per namespace: every process costs time in the emulator.
set -e
for ns in client router web; do ip netns add $ns; done
ip -n client link add eth0 address 02:00:00:00:01:02 type veth peer name eth1 address 02:00:00:00:01:01 netns router
ip -n web link add eth0 address 02:00:00:00:02:02 type veth peer name eth2 address 02:00:00:00:02:01 netns router
ip -n client -batch - <<'EOF'
link set lo up
addr add 10.0.1.2/24 dev eth0
link set eth0 up
route add default via 10.0.1.1
EOF
ip -n router -batch - <<'EOF'
link set lo up
addr add 10.0.1.1/24 dev eth1
addr add 10.0.2.1/24 dev eth2
link set eth1 up
link set eth2 up
EOF
ip -n web -batch - <<'EOF'
link set lo up
addr add 10.0.2.2/24 dev eth0
link set eth0 up
route add default via 10.0.2.1
EOF
ip netns exec router sysctl -qw net.ipv4.ip_forward=1
mkdir -p /srv/web && echo "hello from web" > /srv/web/index.html
ip netns exec web httpd -p 80 -h /srv/web
# The fault: the client's address has a /16 mask, so 10.0.2.2 looks like a neighbour on its own link.
ip -n client addr del 10.0.1.2/24 dev eth0
ip -n client addr add 10.0.1.2/16 dev eth0
ip -n client route add default via 10.0.1.1
