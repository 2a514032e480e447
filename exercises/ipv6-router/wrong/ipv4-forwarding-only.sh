# IPv4 forwarding switched on in rtr, as for the IPv4 router: it does not cover IPv6.
ip netns add west; ip netns add east; ip netns add rtr
ip link add w0 type veth peer name rw0
ip link add e0 type veth peer name re0
ip link set w0 netns west; ip link set e0 netns east
ip link set rw0 netns rtr; ip link set re0 netns rtr
ip netns exec west sh -c 'ip addr add 2001:db8:a::2/64 dev w0; ip link set w0 up; ip -6 route add default via 2001:db8:a::1'
ip netns exec east sh -c 'ip addr add 2001:db8:b::2/64 dev e0; ip link set e0 up; ip -6 route add default via 2001:db8:b::1'
ip netns exec rtr sh -c 'ip addr add 2001:db8:a::1/64 dev rw0; ip addr add 2001:db8:b::1/64 dev re0; ip link set rw0 up; ip link set re0 up'
ip netns exec rtr sysctl -w net.ipv4.ip_forward=1
