#!/bin/sh
# A switch br0 on the host with four ports, p1 to p4: three hosts (web, db, cache) plugged in
# directly and a second switch (the namespace sw2, a bridge) on an uplink, with the host app
# behind it. Which host sits on which port, and every host's MAC address, are drawn afresh on
# each set-up, so only the forwarding table can say where a MAC was learned.
set -e
rand_mac() { printf '02:%s\n' "$(od -An -N5 -tx1 /dev/urandom | sed 's/^ *//; s/ /:/g')"; }
# p1 always has a host; the uplink and the other two hosts take p2-p4 in a random order.
first=$(printf 'web\ndb\ncache\n' | shuf -n1)
rest=$(printf 'web\ndb\ncache\nsw2\n' | grep -vx "$first" | shuf | tr '\n' ' ')
ip link add br0 type bridge ageing_time 8640000
ip link set br0 up
ip netns add sw2
ip -n sw2 link add br1 type bridge ageing_time 8640000
ip -n sw2 link set br1 up
n=1
for host in $first $rest; do
  if [ "$host" = sw2 ]; then
    ip link add p$n type veth peer name uplink netns sw2
    ip -n sw2 link set uplink master br1 up
  else
    ip netns add "$host"
    ip link add p$n type veth peer name eth0 netns "$host"
    ip -n "$host" link set eth0 address "$(rand_mac)" up
    ip -n "$host" addr add "10.30.0.$n/24" dev eth0
  fi
  ip link set p$n master br0 up
  n=$((n + 1))
done
ip netns add app
ip -n sw2 link add s-app type veth peer name eth0 netns app
ip -n sw2 link set s-app master br1 up
ip -n app link set eth0 address "$(rand_mac)" up
ip -n app addr add 10.30.0.9/24 dev eth0
# Traffic, so the switches learn every host's MAC.
for host in web db cache; do
  ip netns exec app ping -c1 -W2 "$(ip -n "$host" -4 -br addr show eth0 | awk '{sub("/.*", "", $3); print $3}')" >/dev/null
done
