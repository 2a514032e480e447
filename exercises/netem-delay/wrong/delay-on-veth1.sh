# The far end: the ping takes 100 ms too, but veth0 itself sends without delay.
tc -n right qdisc add dev veth1 root netem delay 100ms
