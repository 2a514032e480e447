# Both cables end in one bridge inside router, and both gateway addresses sit on that bridge:
# the pings work (router routes between two subnets on one interface), but router has no
# address on its cable to left or to right, as the task asks.
for ns in left right router; do ip netns add $ns; ip -n $ns link set lo up; done
ip -n left link add eth0 type veth peer name to-left netns router
ip -n right link add eth0 type veth peer name to-right netns router
ip -n router link add br0 type bridge
ip -n router link set to-left master br0
ip -n router link set to-right master br0
for l in to-left to-right br0; do ip -n router link set $l up; done
ip -n router addr add "$LEFT_GW_ADDR" dev br0
ip -n router addr add "$RIGHT_GW_ADDR" dev br0
ip netns exec router sysctl -qw net.ipv4.ip_forward=1
ip -n left addr add "$LEFT_ADDR" dev eth0
ip -n left link set eth0 up
ip -n left route add default via "$LEFT_GW"
ip -n right addr add "$RIGHT_ADDR" dev eth0
ip -n right link set eth0 up
ip -n right route add default via "$RIGHT_GW"
