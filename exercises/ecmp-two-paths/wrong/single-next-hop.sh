# Only r1: everything goes one way.
ip -n edge route add 198.18.0.0/24 via 10.0.1.2
ip netns exec edge sysctl -w net.ipv4.fib_multipath_hash_policy=1
