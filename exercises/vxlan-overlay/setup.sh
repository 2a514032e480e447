#!/bin/bash
# The underlay: site1 (172.16.1.2) -- (172.16.1.1) core (172.16.2.1) -- site2 (172.16.2.2), routed.
# core has no route to the overlay (10.42.0.0/24 by default): only encapsulated traffic crosses it.
set -e
for ns in site1 core site2; do ip netns add $ns; done
ip -n site1 link add eth0 type veth peer name eth1 netns core
ip -n site2 link add eth0 type veth peer name eth2 netns core
ip -n site1 -batch - <<'B'
link set lo up
addr add 172.16.1.2/24 dev eth0
link set eth0 up
route add default via 172.16.1.1
B
ip -n core -batch - <<'B'
link set lo up
addr add 172.16.1.1/24 dev eth1
addr add 172.16.2.1/24 dev eth2
link set eth1 up
link set eth2 up
B
ip -n site2 -batch - <<'B'
link set lo up
addr add 172.16.2.2/24 dev eth0
link set eth0 up
route add default via 172.16.2.1
B
ip netns exec core sysctl -qw net.ipv4.ip_forward=1
