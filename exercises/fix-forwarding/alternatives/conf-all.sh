# conf.all.forwarding is the same switch as ip_forward, and sets every interface.
ip netns exec router sysctl -w net.ipv4.conf.all.forwarding=1
