# Tears the router down and builds a new one: it works, but it is not the lab the ticket was about.
ip netns del router
# The old cables disappear with the namespace, a moment later.
while ip -n client link show eth0 >/dev/null 2>&1 || ip -n web link show eth0 >/dev/null 2>&1; do sleep 0.1; done
ip netns add router
ip -n router link set lo up
ip -n client link add eth0 type veth peer name eth1 netns router
ip -n web link add eth0 type veth peer name eth2 netns router
ip -n client addr add 10.0.1.2/24 dev eth0
ip -n web addr add 10.0.2.2/24 dev eth0
ip -n router addr add 10.0.1.1/24 dev eth1
ip -n router addr add 10.0.2.1/24 dev eth2
for l in client:eth0 router:eth1 router:eth2 web:eth0; do ip -n ${l%:*} link set ${l#*:} up; done
ip -n client route add default via 10.0.1.1
ip -n web route add default via 10.0.2.1
ip netns exec router sysctl -qw net.ipv4.ip_forward=1
