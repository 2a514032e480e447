# The same two paths as nexthop objects: one per neighbour, a group of both, a route to the group.
ip -n edge nexthop add id 1 via 10.0.1.2 dev eth1
ip -n edge nexthop add id 2 via 10.0.2.2 dev eth2
ip -n edge nexthop add id 10 group 1/2
ip -n edge route add 198.18.0.0/24 nhid 10
ip netns exec edge sysctl -w net.ipv4.fib_multipath_hash_policy=1
