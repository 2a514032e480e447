ip netns exec left tc qdisc add dev lo root netem delay 100ms
