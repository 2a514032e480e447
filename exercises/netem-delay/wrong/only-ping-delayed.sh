# netem delays only ICMP: a prio root sends every priority to its first band, and a filter
# picks ICMP out into the third band, where netem sits. The ping takes 100 ms more; every
# other packet veth0 sends leaves at once.
tc -n left qdisc add dev veth0 root handle 1: prio bands 3 priomap 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
tc -n left qdisc add dev veth0 parent 1:3 handle 30: netem delay 100ms
tc -n left filter add dev veth0 parent 1: protocol ip prio 1 u32 match ip protocol 1 0xff flowid 1:3
