# netem under a class that no traffic uses: HTB's default is class 1:20, the delay hangs under 1:10.
tc -n left qdisc add dev veth0 root handle 1: htb default 20
tc -n left class add dev veth0 parent 1: classid 1:10 htb rate 100mbit
tc -n left class add dev veth0 parent 1: classid 1:20 htb rate 100mbit
tc -n left qdisc add dev veth0 parent 1:10 handle 10: netem delay 100ms
