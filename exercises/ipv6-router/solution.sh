ip netns add west
ip netns add east
ip netns add rtr
ip -n west link add eth0 type veth peer name to-west netns rtr
ip -n east link add eth0 type veth peer name to-east netns rtr
ip -n west addr add 2001:db8:a::2/64 dev eth0
ip -n east addr add 2001:db8:b::2/64 dev eth0
ip -n rtr addr add 2001:db8:a::1/64 dev to-west
ip -n rtr addr add 2001:db8:b::1/64 dev to-east
ip -n west link set eth0 up
ip -n east link set eth0 up
ip -n rtr link set to-west up
ip -n rtr link set to-east up
ip netns exec rtr sysctl -w net.ipv6.conf.all.forwarding=1
ip -n west -6 route add default via 2001:db8:a::1
ip -n east -6 route add default via 2001:db8:b::1
