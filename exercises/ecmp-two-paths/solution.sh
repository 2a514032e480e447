# One route with two next hops of equal weight, and a hash over ports (L4) so flows spread.
ip -n edge route add 198.18.0.0/24 nexthop via 10.0.1.2 weight 1 nexthop via 10.0.2.2 weight 1
ip netns exec edge sysctl -w net.ipv4.fib_multipath_hash_policy=1
