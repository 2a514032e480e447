# Raise the limit the way the next boot will set it too, stop dead connections from holding an
# entry for five days (an hour without a packet is enough here), and delete the ones already dead:
# a shorter timeout only applies to an entry when its next packet comes, and these get none.
mkdir -p /etc/sysctl.d
echo 'net.netfilter.nf_conntrack_max = 16384' > /etc/sysctl.d/60-conntrack.conf
sysctl -p /etc/sysctl.d/60-conntrack.conf
ip netns exec router sysctl -w net.netfilter.nf_conntrack_tcp_timeout_established=3600
ip netns exec router conntrack -D -p tcp --dport 873
