# Forwarding for packets that arrive on eth1 only: the replies arrive on eth2.
ip netns exec router sysctl -w net.ipv4.conf.eth1.forwarding=1
