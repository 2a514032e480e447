# replace works whether or not a root qdisc was added before; a jitter of 0 is no jitter.
ip netns exec left tc qdisc replace dev veth0 root netem delay 100ms 0ms
