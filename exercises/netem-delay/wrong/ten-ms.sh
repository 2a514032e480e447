tc -n left qdisc add dev veth0 root netem delay 10ms
