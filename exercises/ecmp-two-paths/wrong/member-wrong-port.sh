# A nexthop group whose second member names r2's address but leaves through eth1 (onlink
# silences the kernel's check): that path's packets go to a neighbour that is not on the cable.
ip -n edge nexthop add id 1 via 10.0.1.2 dev eth1
ip -n edge nexthop add id 2 via 10.0.2.2 dev eth1 onlink
ip -n edge nexthop add id 10 group 1/2
ip -n edge route add 198.18.0.0/24 nhid 10
ip netns exec edge sysctl -w net.ipv4.fib_multipath_hash_policy=1
