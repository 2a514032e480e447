#!/bin/bash
# Two routers on one cable, each with a LAN of its own and no route to the other's:
#   left  (AS 65001) eth0 10.0.12.1/24 ── 10.0.12.2/24 eth0 right (AS 65002)
#   left lan0 192.168.1.1/24                              right lan0 192.168.2.1/24
# No FRR daemon runs yet; each namespace has its FRR directory /etc/frr/<name>/.
set -e
for ns in left right; do ip netns add $ns; ip -n $ns link set lo up; done
ip -n left link add eth0 type veth peer name eth0 netns right
for side in "left 1" "right 2"; do
  set -- $side
  ip -n $1 -batch - <<B
addr add 10.0.12.$2/24 dev eth0
link set eth0 up
link add lan0 type dummy
addr add 192.168.$2.1/24 dev lan0
link set lan0 up
B
  mkdir -p /etc/frr/$1 && cp /etc/frr/vtysh.conf /etc/frr/$1/
done
