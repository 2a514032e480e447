ip netns add dual
ip link add veth-dual type veth peer name eth0 netns dual
ip addr add 10.20.0.1/24 dev veth-dual
ip addr add 2001:db8:20::1/64 dev veth-dual
ip link set veth-dual up
ip -n dual addr add 10.20.0.2/24 dev eth0
ip -n dual addr add 2001:db8:20::2/64 dev eth0
ip -n dual link set eth0 up
ip -n dual route add default via 10.20.0.1
ip -n dual -6 route add default via 2001:db8:20::1
