#!/bin/sh
# c1 behind docker0 with its default route, and a web server in c1 on port 80. Forwarding
# stays off and nothing is translated: publishing the port is the learner's work.
set -e
ip link add docker0 type bridge
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
ip netns add c1
ip link add veth-c1 type veth peer name eth0 netns c1
ip link set veth-c1 master docker0 up
ip -n c1 addr add 172.17.0.2/16 dev eth0
ip -n c1 link set eth0 up
ip -n c1 link set lo up
ip -n c1 route add default via 172.17.0.1
mkdir -p /srv/c1
echo 'hello from c1 (172.17.0.2)' > /srv/c1/index.html
ip netns exec c1 busybox httpd -p 80 -h /srv/c1 </dev/null >/dev/null 2>&1
