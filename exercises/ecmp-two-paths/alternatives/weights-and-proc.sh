# Equal weights other than 1, each next hop with its device named, the sysctl written through /proc.
ip -n edge route replace 198.18.0.0/24 nexthop via 10.0.2.2 dev eth2 weight 3 nexthop via 10.0.1.2 dev eth1 weight 3
ip netns exec edge sh -c 'echo 1 > /proc/sys/net/ipv4/fib_multipath_hash_policy'
