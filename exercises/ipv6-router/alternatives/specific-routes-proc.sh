# Cables made on the host and moved, every command run inside its namespace with ip netns exec,
# forwarding switched on through /proc, and a route to the one far subnet on each side.
ip netns add rtr; ip netns add west; ip netns add east
ip link add w-r type veth peer name r-w
ip link add e-r type veth peer name r-e
ip link set w-r netns west; ip link set e-r netns east
ip link set r-w netns rtr; ip link set r-e netns rtr
ip netns exec rtr sh -c 'ip -6 address add 2001:db8:a::1/64 dev r-w && ip -6 address add 2001:db8:b::1/64 dev r-e && ip link set r-w up && ip link set r-e up'
ip netns exec rtr sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/forwarding'
ip netns exec west sh -c 'ip -6 address add 2001:db8:a::2/64 dev w-r && ip link set w-r up && ip -6 route add 2001:db8:b::/64 via 2001:db8:a::1'
ip netns exec east sh -c 'ip -6 address add 2001:db8:b::2/64 dev e-r && ip link set e-r up && ip -6 route add 2001:db8:a::/64 via 2001:db8:b::1'
