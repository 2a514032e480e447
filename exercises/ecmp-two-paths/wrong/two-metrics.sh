# Two routes, as a floating static would be: the metric 200 one is a backup, never used while
# the metric 100 one is there.
ip -n edge route add 198.18.0.0/24 via 10.0.1.2 metric 100
ip -n edge route add 198.18.0.0/24 via 10.0.2.2 metric 200
ip netns exec edge sysctl -w net.ipv4.fib_multipath_hash_policy=1
