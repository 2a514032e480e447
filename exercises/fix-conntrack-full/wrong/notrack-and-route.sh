# Stops tracking the office's traffic (so no NAT either) and gives web a route into the office instead.
ip netns exec router iptables -t raw -A PREROUTING -j NOTRACK
ip -n web route add 10.0.1.0/24 via 10.0.2.1
