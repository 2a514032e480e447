# The IPv6 default route names the cable but no gateway: dual asks the link itself for
# 2001:db8:53::53 by neighbour discovery, and the host answers only for its addresses on that link.
ip netns add dual
ip link add hd type veth peer name dual0
ip link set dual0 netns dual
ip address add 10.20.0.1/24 dev hd && ip address add 2001:db8:20::1/64 dev hd && ip link set hd up
ip netns exec dual sh -c 'ip address add 10.20.0.2/24 dev dual0 && ip address add 2001:db8:20::2/64 dev dual0 && ip link set dual0 up'
ip netns exec dual ip route add default via 10.20.0.1
ip netns exec dual ip -6 route add default dev dual0
