# The second next hop mistyped: 10.0.2.20 is nobody.
ip -n edge route add 198.18.0.0/24 nexthop via 10.0.1.2 nexthop via 10.0.2.20
ip netns exec edge sysctl -w net.ipv4.fib_multipath_hash_policy=1
