# Enough for a moment, not for the office's peak.
sysctl -w net.netfilter.nf_conntrack_max=128
