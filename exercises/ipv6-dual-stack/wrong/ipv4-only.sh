# The IPv4 half only: no IPv6 address on either end, no IPv6 route.
ip netns add dual
ip link add veth-dual type veth peer name eth0 netns dual
ip addr add 10.20.0.1/24 dev veth-dual
ip link set veth-dual up
ip -n dual addr add 10.20.0.2/24 dev eth0
ip -n dual link set eth0 up
ip -n dual route add default via 10.20.0.1
