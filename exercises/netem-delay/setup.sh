#!/bin/sh
# Two namespaces on one cable: left (veth0, 10.0.0.1/24) and right (veth1, 10.0.0.2/24).
ip netns add left
ip netns add right
ip link add veth0 netns left type veth peer name veth1 netns right
ip -n left addr add 10.0.0.1/24 dev veth0
ip -n left link set veth0 up
ip -n right addr add 10.0.0.2/24 dev veth1
ip -n right link set veth1 up
