# Host routes to the two service addresses instead of default routes, and the IPv6 addresses
# added with nodad: usable at once, without waiting for duplicate address detection.
ip netns add dual
ip -n dual link add eth0 type veth peer name to-dual netns 1
ip -n dual link set eth0 up
ip link set to-dual up
ip addr add 10.20.0.1/24 dev to-dual
ip addr add 2001:db8:20::1/64 dev to-dual nodad
ip -n dual addr add 10.20.0.2/24 dev eth0
ip -n dual addr add 2001:db8:20::2/64 dev eth0 nodad
ip -n dual route add 192.0.2.53/32 via 10.20.0.1
ip -n dual -6 route add 2001:db8:53::53/128 via 2001:db8:20::1
