# 0 means no limit at all: a flood of new connections can then take all the router's memory.
sysctl -w net.netfilter.nf_conntrack_max=0
