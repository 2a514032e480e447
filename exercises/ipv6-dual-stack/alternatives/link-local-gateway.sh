# The host end gets the well-known link-local address fe80::1 and dual routes IPv6 via it (a
# link-local gateway needs its interface named); the cable is made on the host and one end moved.
ip netns add dual
ip link add h-dual type veth peer name d0
ip link set d0 netns dual
ip address add 10.20.0.1/24 dev h-dual
ip address add 2001:db8:20::1/64 dev h-dual
ip address add fe80::1/64 dev h-dual
ip link set h-dual up
ip netns exec dual ip address add 10.20.0.2/24 dev d0
ip netns exec dual ip address add 2001:db8:20::2/64 dev d0
ip netns exec dual ip link set d0 up
ip netns exec dual ip route add default via 10.20.0.1
ip netns exec dual ip -6 route add default via fe80::1 dev d0
