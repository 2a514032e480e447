# Forwarding switched on for rtr's two interfaces only, as works for IPv4: IPv6 forwards only
# with the "all" key. Cables born in rtr.
for ns in rtr west east; do ip netns add $ns; done
ip -n rtr link add to-west type veth peer name eth0 netns west
ip -n rtr link add to-east type veth peer name eth0 netns east
ip -n rtr addr add 2001:db8:a::1/64 dev to-west
ip -n rtr addr add 2001:db8:b::1/64 dev to-east
ip -n west addr add 2001:db8:a::2/64 dev eth0
ip -n east addr add 2001:db8:b::2/64 dev eth0
for end in rtr:to-west rtr:to-east west:eth0 east:eth0; do ip -n "${end%%:*}" link set "${end#*:}" up; done
ip netns exec rtr sysctl -w net.ipv6.conf.to-west.forwarding=1 net.ipv6.conf.to-east.forwarding=1
ip -n west -6 route add 2001:db8:b::/64 via 2001:db8:a::1
ip -n east -6 route add 2001:db8:a::/64 via 2001:db8:b::1
