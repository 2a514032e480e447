# Raise the limit through /proc (what sysctl writes), then delete the dead backup server's entries.
echo 8192 > /proc/sys/net/netfilter/nf_conntrack_max
ip netns exec router conntrack -D -s 10.0.1.99
