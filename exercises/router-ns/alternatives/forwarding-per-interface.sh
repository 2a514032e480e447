# Forwarding switched on only for router's two interfaces (net.ipv4.ip_forward stays 0):
# the kernel decides per incoming interface, so this routes between them just as well.
ip netns add left
ip netns add right
ip netns add router
ip -n router link add to-left type veth peer name eth0 netns left
ip -n router link add to-right type veth peer name eth0 netns right
ip -n router addr add "$LEFT_GW_ADDR" dev to-left
ip -n router addr add "$RIGHT_GW_ADDR" dev to-right
ip -n left addr add "$LEFT_ADDR" dev eth0
ip -n right addr add "$RIGHT_ADDR" dev eth0
ip -n router link set to-left up
ip -n router link set to-right up
ip -n left link set eth0 up
ip -n right link set eth0 up
ip netns exec router sysctl -w net.ipv4.conf.to-left.forwarding=1 net.ipv4.conf.to-right.forwarding=1
ip -n left route add default via "$LEFT_GW"
ip -n right route add default via "$RIGHT_GW"
