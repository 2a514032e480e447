# A shorter timeout applies to an entry only when its next packet refreshes it; the dead entries get none.
ip netns exec router sysctl -w net.netfilter.nf_conntrack_tcp_timeout_established=600
