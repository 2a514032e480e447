ip netns add left
ip netns add right
ip netns add router
ip -n left link add eth0 type veth peer name to-left netns router
ip -n right link add eth0 type veth peer name to-right netns router
ip -n left addr add "$LEFT_ADDR" dev eth0
ip -n right addr add "$RIGHT_ADDR" dev eth0
ip -n router addr add "$LEFT_GW_ADDR" dev to-left
ip -n router addr add "$RIGHT_GW_ADDR" dev to-right
ip -n left link set eth0 up
ip -n right link set eth0 up
ip -n router link set to-left up
ip -n router link set to-right up
sysctl -w net.ipv4.ip_forward=1
ip -n left route add default via "$LEFT_GW"
ip -n right route add default via "$RIGHT_GW"
