# netem as the leaf of an HTB class that all traffic falls into, like a shaper with a delay.
tc -n left qdisc add dev veth0 root handle 1: htb default 10
tc -n left class add dev veth0 parent 1: classid 1:10 htb rate 100mbit
tc -n left qdisc add dev veth0 parent 1:10 handle 10: netem delay 100ms
