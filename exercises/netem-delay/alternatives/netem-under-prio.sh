# A prio root; ping (TOS 0) goes to band 2, class 1:2, where netem sits.
tc -n left qdisc add dev veth0 root handle 1: prio
tc -n left qdisc add dev veth0 parent 1:2 handle 20: netem delay 100ms
