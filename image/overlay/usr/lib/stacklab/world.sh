#!/bin/sh
# The outside world the learner does not build. It is wired as ordinary named namespaces,
# then their bind mounts move to /run/stacklab/netns so `ip netns list` does not show them.
# The agent (and exercise set-up) enters them by name.
#
#   host eth0 198.51.100.10/24 --- 198.51.100.1 [isp] 203.0.113.1 --- 203.0.113.10 [server]
#   host eth1 (down, no address) --- 10.50.0.1/16 [labrouter] 10.51.0.254 --- 10.51.0.1 [farhost]
set -eu
HIDDEN=/run/stacklab/netns
WORLD="isp server labrouter farhost"
mkdir -p "$HIDDEN" /run/stacklab/world

for ns in $WORLD; do ip netns add "$ns"; ip -n "$ns" link set lo up; done

# Upstream: the host's uplink, an ISP router, and a remote web server.
ip link add eth0 address 52:54:00:5c:00:10 type veth peer name lan0 address 52:54:00:5c:00:01 netns isp
ip addr add 198.51.100.10/24 dev eth0
ip link set eth0 up
ip route add default via 198.51.100.1
ip -n isp addr add 198.51.100.1/24 dev lan0
ip -n isp link set lan0 up
ip -n isp link add srv0 type veth peer name eth0 netns server
ip -n isp addr add 203.0.113.1/24 dev srv0
ip -n isp link set srv0 up
ip netns exec isp sysctl -qw net.ipv4.ip_forward=1
ip -n server addr add 203.0.113.10/24 dev eth0
ip -n server link set eth0 up
ip -n server route add default via 203.0.113.1
nsenter --net=/run/netns/server /usr/sbin/stacklab-httpd 80 /run/stacklab/world/server-requests.log \
  </dev/null >/dev/null 2>&1 &

# The lab network behind eth1: a router at 10.50.0.1 and a far host at 10.51.0.1.
ip link add eth1 address 52:54:00:5c:01:10 type veth peer name lan0 address 52:54:00:5c:01:01 netns labrouter
ip -n labrouter addr add 10.50.0.1/16 dev lan0
ip -n labrouter link set lan0 up
ip -n labrouter link add far0 type veth peer name eth0 netns farhost
ip -n labrouter addr add 10.51.0.254/16 dev far0
ip -n labrouter link set far0 up
ip netns exec labrouter sysctl -qw net.ipv4.ip_forward=1
ip -n farhost addr add 10.51.0.1/16 dev eth0
ip -n farhost link set eth0 up
ip -n farhost route add default via 10.51.0.254

for ns in $WORLD; do
  touch "$HIDDEN/$ns"
  mount --bind "/run/netns/$ns" "$HIDDEN/$ns"
  umount "/run/netns/$ns"
  rm -f "/run/netns/$ns"
done
echo ready > /run/stacklab/world/state
