ip netns exec router iptables -D FORWARD -s 10.0.1.0/24 -d 10.0.2.0/24 -j DROP
