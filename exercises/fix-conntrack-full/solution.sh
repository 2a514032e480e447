# nf_conntrack_max is one limit for the whole machine: only the host may set it (in the router
# namespace it is read-only). 16384 entries cost at most about 5 MB of the guest's memory.
sysctl -w net.netfilter.nf_conntrack_max=16384
