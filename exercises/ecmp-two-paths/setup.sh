#!/bin/bash
# Two equal paths from edge to the far site's prefix 198.18.0.0/24:
#   edge eth1 10.0.1.1 ── 10.0.1.2 [r1] 10.0.3.1 ── 10.0.3.2 eth1 far
#   edge eth2 10.0.2.1 ── 10.0.2.2 [r2] 10.0.4.1 ── 10.0.4.2 eth2 far   (far: 198.18.0.1/24 on lan0)
# r1, r2 and far are routed already; edge has its two links and no route to 198.18.0.0/24.
set -e
for ns in edge r1 r2 far; do ip netns add $ns; ip -n $ns link set lo up; done
ip -n edge link add eth1 type veth peer name eth1 netns r1
ip -n edge link add eth2 type veth peer name eth1 netns r2
ip -n r1 link add eth2 type veth peer name eth1 netns far
ip -n r2 link add eth2 type veth peer name eth2 netns far
ip -n far link add lan0 type dummy
ip -n edge -batch - <<'B'
addr add 10.0.1.1/24 dev eth1
addr add 10.0.2.1/24 dev eth2
link set eth1 up
link set eth2 up
B
for n in 1 2; do
  ip -n r$n -batch - <<B
addr add 10.0.$n.2/24 dev eth1
addr add 10.0.$((n + 2)).1/24 dev eth2
link set eth1 up
link set eth2 up
route add 198.18.0.0/24 via 10.0.$((n + 2)).2
B
  ip netns exec r$n sysctl -qw net.ipv4.ip_forward=1
done
ip -n far -batch - <<'B'
addr add 10.0.3.2/24 dev eth1
addr add 10.0.4.2/24 dev eth2
addr add 198.18.0.1/24 dev lan0
link set eth1 up
link set eth2 up
link set lan0 up
route add 10.0.1.0/24 via 10.0.3.1
route add 10.0.2.0/24 via 10.0.4.1
B
