#!/bin/sh
# Two namespaces, east and west, joined by one veth cable (eth0 on each side), both ends up
# and without addresses: the trunk. The learner adds the VLAN 100 sub-interfaces.
set -e
ip netns add east
ip netns add west
ip -n east link add eth0 type veth peer name eth0 netns west
for ns in east west; do
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
done
