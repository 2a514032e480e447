# Every rule goes, the telnet block included.
ip netns exec router iptables -F FORWARD
