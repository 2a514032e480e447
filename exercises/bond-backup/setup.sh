#!/bin/sh
# Two new NICs, eth2 and eth3 (down, unaddressed), cabled to ports port1 and port2 of a
# switch: namespace "switch", bridge br0, whose SVI 192.168.50.1/24 is the far end to ping.
# Pulling a cable is `ip -n switch link set port1 down`.
set -e
ip netns add switch
ip -n switch link set lo up
ip -n switch link add br0 type bridge
ip link add eth2 type veth peer name port1 netns switch
ip link add eth3 type veth peer name port2 netns switch
for port in port1 port2; do
  ip -n switch link set "$port" master br0
  ip -n switch link set "$port" up
done
ip -n switch addr add 192.168.50.1/24 dev br0
ip -n switch link set br0 up
