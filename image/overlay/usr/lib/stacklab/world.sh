#!/bin/sh
# The outside world the learner does not build: hidden network namespaces, bound under
# /run/stacklab/netns so `ip netns list` does not show them. The agent enters them by name.
#
#   host eth0 198.51.100.10/24 --- 198.51.100.1 [isp] 203.0.113.1 --- 203.0.113.10 [server]
#   host eth1 (down, no address) --- 10.50.0.1/16 [labrouter] 10.51.0.254 --- 10.51.0.1 [farhost]
set -eu
HIDDEN=/run/stacklab/netns
mkdir -p "$HIDDEN" /run/stacklab/world

hidden_ns() {
  ip netns add "$1"
  touch "$HIDDEN/$1"
  mount --bind "/run/netns/$1" "$HIDDEN/$1"
  umount "/run/netns/$1"
  rm -f "/run/netns/$1"
}
in_ns() { ns=$1; shift; nsenter --net="$HIDDEN/$ns" "$@"; }

# A veth pair made inside hidden namespace $1: $2 stays there, $3 goes to the host.
cable_to_host() {
  in_ns "$1" ip link add "$2" type veth peer name "$3"
  in_ns "$1" ip link set "$3" netns 1
}
# A veth pair between two hidden namespaces.
cable() {
  in_ns "$1" ip link add "$2" type veth peer name "$4"
  in_ns "$1" ip link set "$4" netns "$(cat /run/stacklab/world/$3.pid)"
}
# A process that lives in the namespace, so cables can be sent there by pid.
anchor() {
  in_ns "$1" sleep 2147483647 &
  echo $! > "/run/stacklab/world/$1.pid"
}

for ns in isp server labrouter farhost; do hidden_ns "$ns"; anchor "$ns"; done
for ns in isp server labrouter farhost; do in_ns "$ns" ip link set lo up; done
sleep 0.2

# Upstream: the host's uplink, an ISP router, and a remote web server.
cable_to_host isp lan0 eth0
ip link set eth0 address 52:54:00:5c:00:10
ip addr add 198.51.100.10/24 dev eth0
ip link set eth0 up
ip route add default via 198.51.100.1
in_ns isp ip link set lan0 address 52:54:00:5c:00:01
in_ns isp ip addr add 198.51.100.1/24 dev lan0
in_ns isp ip link set lan0 up
cable isp srv0 server eth0
in_ns isp ip addr add 203.0.113.1/24 dev srv0
in_ns isp ip link set srv0 up
in_ns isp sysctl -qw net.ipv4.ip_forward=1
in_ns server ip addr add 203.0.113.10/24 dev eth0
in_ns server ip link set eth0 up
in_ns server ip route add default via 203.0.113.1
in_ns server /usr/sbin/stacklab-httpd 80 /run/stacklab/world/server-requests.log &

# The lab network behind eth1: a router at 10.50.0.1 and a far host at 10.51.0.1.
cable_to_host labrouter lan0 eth1
ip link set eth1 address 52:54:00:5c:01:10
in_ns labrouter ip link set lan0 address 52:54:00:5c:01:01
in_ns labrouter ip addr add 10.50.0.1/16 dev lan0
in_ns labrouter ip link set lan0 up
cable labrouter far0 farhost eth0
in_ns labrouter ip addr add 10.51.0.254/16 dev far0
in_ns labrouter ip link set far0 up
in_ns labrouter sysctl -qw net.ipv4.ip_forward=1
in_ns farhost ip addr add 10.51.0.1/16 dev eth0
in_ns farhost ip link set eth0 up
in_ns farhost ip route add default via 10.51.0.254
echo ready > /run/stacklab/world/state
