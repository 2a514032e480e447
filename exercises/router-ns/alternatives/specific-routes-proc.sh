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
ip netns exec router ip address add "$LEFT_GW_ADDR" dev r-l
ip netns exec router ip address add "$RIGHT_GW_ADDR" dev r-rt
ip netns exec left ip address add "$LEFT_ADDR" dev l-r
ip netns exec right ip address add "$RIGHT_ADDR" dev rt-r
for pair in router:r-l router:r-rt left:l-r right:rt-r; do
  ip netns exec "${pair%%:*}" ip link set dev "${pair#*:}" up
done
ip netns exec router sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
ip netns exec left ip route add "$RIGHT_SUBNET" via "$LEFT_GW"
ip netns exec right ip route add "$LEFT_SUBNET" via "$RIGHT_GW"
