# Cables made on the host and moved, forwarding switched on through /proc, and a route to the
# one far subnet on each side instead of a default route.
ip netns add router
ip netns add left
ip netns add right
ip link add l-r type veth peer name r-l
ip link add rt-r type veth peer name r-rt
ip link set l-r netns left
ip link set r-l netns router
ip link set rt-r netns right
ip link set r-rt netns router
ip netns exec router ip address add 10.0.1.1/24 dev r-l
ip netns exec router ip address add 10.0.2.1/24 dev r-rt
ip netns exec left ip address add 10.0.1.2/24 dev l-r
ip netns exec right ip address add 10.0.2.2/24 dev rt-r
for pair in router:r-l router:r-rt left:l-r right:rt-r; do
  ip netns exec "${pair%%:*}" ip link set dev "${pair#*:}" up
done
ip netns exec router sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
ip netns exec left ip route add 10.0.2.0/24 via 10.0.1.1
ip netns exec right ip route add 10.0.1.0/24 via 10.0.2.1
